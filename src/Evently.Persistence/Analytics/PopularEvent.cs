namespace Evently.Persistence.Analytics;

/// <summary>An event ranked by seats sold (all time, confirmed bookings).</summary>
/// <param name="EventId">The event.</param>
/// <param name="Name">Its name.</param>
/// <param name="TicketsSold">Σ quantity of its confirmed bookings.</param>
/// <param name="Capacity">Its total capacity.</param>
/// <param name="Utilization">TicketsSold / Capacity to four decimals.</param>
/// <param name="Revenue">Σ total_amount of its confirmed bookings, to the cent.</param>
/// <param name="CheckedIn">Σ quantity of its confirmed bookings checked in at the door.</param>
public sealed record PopularEvent(Guid EventId, string Name, long TicketsSold, int Capacity, double Utilization, decimal Revenue, long CheckedIn);
