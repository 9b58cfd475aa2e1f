namespace Evently.Persistence.Analytics;

/// <summary>One UTC day of booking activity.</summary>
/// <param name="Date">The UTC calendar day.</param>
/// <param name="Bookings">Bookings created that day (inside the window), whatever their status now.</param>
/// <param name="TicketsSold">Σ quantity of those that are still confirmed.</param>
/// <param name="Cancellations">Bookings whose cancelled_at falls that day (inside the window), whenever they were created.</param>
/// <param name="Revenue">Σ total_amount of the bookings created that day that are still confirmed, to the cent.</param>
public sealed record DailySales(DateOnly Date, long Bookings, long TicketsSold, long Cancellations, decimal Revenue);
