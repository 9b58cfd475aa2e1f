namespace Evently.Domain.Bookings;

/// <summary>
/// A booking as the domain knows it: seats of one event sold to one user at one unit price. On a seated event
/// <see cref="Seats"/> are the ids of the seats it holds while confirmed, where the reader knows them (the event core
/// keeps seats by index in its seat map and names them in its answers; the booking reads name them from the shard).
/// A booking made with an <see cref="IdempotencyKey"/> keeps what its request asked for (<see cref="IdempotencyRequest"/>,
/// in the event core's canonical form), so a retry with the key is told this booking only when it asks the same.
/// <see cref="CheckedInAt"/> is set once, when the booking is scanned at the door (see docs/api.md, check-ins).
/// </summary>
public sealed record Booking(
    Guid Id,
    string BookingRef,
    Guid EventId,
    Guid UserId,
    int Quantity,
    decimal UnitPrice,
    decimal TotalAmount,
    BookingStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    string? IdempotencyKey,
    string? IdempotencyRequest = null,
    IReadOnlyList<string>? Seats = null,
    DateTimeOffset? CheckedInAt = null)
{
    /// <summary>This booking as cancelled at <paramref name="at"/> (unchanged when it already was).</summary>
    public Booking CancelledOn(DateTimeOffset at) =>
        Status == BookingStatus.Cancelled ? this : this with { Status = BookingStatus.Cancelled, CancelledAt = at };
}
