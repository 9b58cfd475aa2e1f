using Evently.Contracts.Waitlists;

namespace Evently.Contracts.Events;

/// <summary>
/// What an admin sees of one live event grain in the Orleans Dashboard's Grain Details (its <c>GetState</c>): the
/// committed event, what is in flight, the waitlist's head and the open promotions, and where the activation lives.
/// A read-only snapshot taken in one turn of the grain.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventGrainState(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] bool Exists,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Status,
    [property: Id(4)] EventSeatsState? Seats,
    [property: Id(5)] decimal? Price,
    [property: Id(6)] decimal? BasePrice,
    [property: Id(7)] string? PricingPolicy,
    [property: Id(8)] int? PromotionWindowMinutes,
    [property: Id(9)] long? Version,
    [property: Id(10)] int PendingRequests,
    [property: Id(11)] BatchStats Batches,
    [property: Id(12)] int WaitlistLength,
    [property: Id(13)] IReadOnlyList<WaitlistEntryView> FirstInLine,
    [property: Id(14)] IReadOnlyList<OpenPromotionState> OpenPromotions,
    [property: Id(15)] string Silo,
    [property: Id(16)] DateTimeOffset ObservedAt);

/// <summary>The event's seats as committed: <c>Available + Held + Sold = TotalCapacity</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record EventSeatsState(
    [property: Id(0)] int TotalCapacity,
    [property: Id(1)] int Available,
    [property: Id(2)] int Held,
    [property: Id(3)] int Sold);

/// <summary>Seats held for a promoted waitlist entry until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record OpenPromotionState(
    [property: Id(0)] Guid PromotionId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] int Quantity,
    [property: Id(3)] DateTimeOffset ExpiresAt);
