namespace Evently.Persistence.Analytics;

/// <summary>How full one event is now.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Name">Its name.</param>
/// <param name="TotalCapacity">Its total capacity.</param>
/// <param name="TicketsSold">Σ quantity of its confirmed bookings.</param>
/// <param name="HeldSeats">Seats held for waitlist promotions, not sold yet.</param>
/// <param name="Utilization">TicketsSold / TotalCapacity to four decimals (held seats do not count as sold).</param>
/// <param name="CheckedIn">Σ quantity of its confirmed bookings checked in at the door.</param>
public sealed record EventUtilization(Guid EventId, string Name, int TotalCapacity, long TicketsSold, int HeldSeats, double Utilization, long CheckedIn);
