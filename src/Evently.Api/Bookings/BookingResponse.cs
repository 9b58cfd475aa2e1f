using Evently.Contracts.Bookings;
using Evently.Domain.Bookings;

namespace Evently.Api.Bookings;

/// <summary>
/// A booking as docs/api.md#bookings shows it, from the grain's answer or a shard read alike. The idempotency key is the client's
/// own token and is never echoed; <see cref="Seats"/> lists a seated booking's seats and is absent for general admission.
/// </summary>
public sealed record BookingResponse(
    Guid Id,
    string BookingRef,
    Guid EventId,
    Guid UserId,
    int Quantity,
    decimal UnitPrice,
    decimal TotalAmount,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    IReadOnlyList<string>? Seats)
{
    /// <summary>The booking an event grain answered with.</summary>
    public static BookingResponse From(BookingView b) =>
        new(b.Id, b.BookingRef, b.EventId, b.UserId, b.Quantity, b.UnitPrice, b.TotalAmount, b.Status, b.CreatedAt, b.CancelledAt, b.Seats);

    /// <summary>The booking as read from its shard.</summary>
    public static BookingResponse From(Booking b) =>
        new(b.Id, b.BookingRef, b.EventId, b.UserId, b.Quantity, b.UnitPrice, b.TotalAmount, BookingStatusNames.Of(b.Status), b.CreatedAt,
            b.CancelledAt, b.Seats);
}
