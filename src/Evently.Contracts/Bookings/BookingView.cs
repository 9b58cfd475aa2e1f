namespace Evently.Contracts.Bookings;

/// <summary>
/// A booking as the event grain answers it (the idempotency key stays in the grain and the shard). On a seated event
/// <see cref="Seats"/> are the ids of its seats while it is confirmed; null for general admission.
/// </summary>
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
    // Id 10 carried the idempotency key, which no client of the grain needs; ids are never renumbered.
    [property: Id(11)] IReadOnlyList<string>? Seats = null,
    [property: Id(12)] DateTimeOffset? CheckedInAt = null);
