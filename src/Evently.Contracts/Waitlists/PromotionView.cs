namespace Evently.Contracts.Waitlists;

/// <summary>Seats held for a promoted entry.</summary>
[GenerateSerializer, Immutable]
public sealed record PromotionView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] int Quantity);
