using Evently.Contracts.Bookings;
using Evently.Domain.Bookings;

namespace Evently.Persistence.Queries;

/// <summary>A domain booking as the wire shows it.</summary>
public static class BookingViews
{
    /// <summary>The wire record of <paramref name="booking"/>.</summary>
    public static BookingView From(Booking booking) => new(
        booking.Id, booking.BookingRef, booking.EventId, booking.UserId, booking.Quantity, booking.UnitPrice, booking.TotalAmount,
        BookingStatusNames.Of(booking.Status), booking.CreatedAt, booking.CancelledAt, booking.IdempotencyKey);
}
