namespace Evently.Domain.Bookings;

/// <summary>Where a booking stands; stored as <c>confirmed</c> / <c>cancelled</c>.</summary>
public enum BookingStatus
{
    /// <summary>Seats sold to the user.</summary>
    Confirmed,
    /// <summary>Seats returned (by the user, an admin, or the event's cancellation).</summary>
    Cancelled,
}
