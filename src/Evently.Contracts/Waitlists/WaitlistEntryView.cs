namespace Evently.Contracts.Waitlists;

/// <summary>A waitlist entry as clients see it; <see cref="Position"/> is 1-based among open entries (0 once closed).</summary>
[GenerateSerializer, Immutable]
public sealed record WaitlistEntryView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid EventId,
    [property: Id(2)] Guid UserId,
    [property: Id(3)] int Position,
    [property: Id(4)] int Quantity,
    [property: Id(5)] int PriorityScore,
    [property: Id(6)] string Status,
    [property: Id(7)] DateTimeOffset JoinedAt,
    [property: Id(8)] PromotionView? Promotion);
