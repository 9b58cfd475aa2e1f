namespace Evently.Contracts.Bookings;

/// <summary>A booking as clients see it.</summary>
[GenerateSerializer, Immutable]
public sealed record BookingView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string BookingRef,
    [property: Id(2)] Guid EventId,
    [property: Id(3)] Guid UserId,
    [property: Id(4)] int Quantity,
    [property: Id(5)] decimal UnitPrice,
    [property: Id(6)] decimal TotalAmount,
    [property: Id(7)] string Status,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? CancelledAt,
    [property: Id(10)] string? IdempotencyKey = null,
    [property: Id(11)] IReadOnlyList<string>? Seats = null);
