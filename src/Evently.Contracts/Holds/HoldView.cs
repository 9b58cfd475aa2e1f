namespace Evently.Contracts.Holds;

/// <summary>A checkout hold as clients see it.</summary>
[GenerateSerializer, Immutable]
public sealed record HoldView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid EventId,
    [property: Id(2)] Guid UserId,
    [property: Id(3)] int Quantity,
    [property: Id(4)] decimal UnitPrice,
    [property: Id(5)] decimal TotalAmount,
    [property: Id(6)] string Status,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] Guid? BookingId,
    [property: Id(10)] DateTimeOffset? ResolvedAt,
    [property: Id(11)] IReadOnlyList<string>? Seats = null);
