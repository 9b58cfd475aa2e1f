namespace Evently.Domain.Bookings;

/// <summary>
/// A booking as the domain knows it: seats of one event sold to one user at one unit price. On a seated event
/// <see cref="Seats"/> are the ids of the seats it holds while confirmed, where the reader knows them (the event core
/// keeps seats by index in its seat map and names them in its answers; the booking reads name them from the shard).
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
    IReadOnlyList<string>? Seats = null)
{
    /// <summary>This booking as cancelled at <paramref name="at"/> (unchanged when it already was).</summary>
    public Booking CancelledOn(DateTimeOffset at) =>
        Status == BookingStatus.Cancelled ? this : this with { Status = BookingStatus.Cancelled, CancelledAt = at };
}
