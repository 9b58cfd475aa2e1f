namespace Evently.Persistence.Analytics;

/// <summary>One event's sales figures for its organizer, read from its shard alone.</summary>
/// <remarks><c>CheckedIn</c>: Σ quantity of its confirmed bookings checked in at the door (people let in).</remarks>
public sealed record EventFigures(
    Guid EventId, string Name, int TotalCapacity, long TotalBookings, long ConfirmedBookings, long CancelledBookings, long TicketsSold,
    int HeldSeats, decimal Revenue, double CancellationRate, double Utilization, long WaitlistJoins, double WaitlistConversionRate, long CheckedIn);
