namespace Evently.Persistence.Analytics;

/// <summary>
/// Totals over every shard for bookings created in a <see cref="DateWindow"/>.
/// </summary>
/// <param name="TotalBookings">Bookings created in the window, whatever their status now.</param>
/// <param name="ConfirmedBookings">Of those, the ones still confirmed.</param>
/// <param name="CancelledBookings">Of those, the ones cancelled since (whenever the cancellation happened).</param>
/// <param name="TicketsSold">Σ quantity of the confirmed ones.</param>
/// <param name="Revenue">Σ total_amount of the confirmed ones, to the cent.</param>
/// <param name="CancellationRate">CancelledBookings / TotalBookings to four decimals; 0 when there are none.</param>
/// <param name="CapacityUtilization">
/// Over the events that are not cancelled and have at least one booking created in the window:
/// Σ seats of their confirmed bookings created in the window / Σ their total capacity, to four decimals; 0 when there are none.
/// </param>
/// <param name="WaitlistJoins">Waitlist entries whose joined_at lies in the window.</param>
/// <param name="WaitlistConversionRate">Of those, the share with status <c>booked</c>, to four decimals; 0 when there are none.</param>
/// <param name="HoldsCreated">Checkout holds created in the window, whatever became of them.</param>
/// <param name="HoldsConfirmed">Of those, the ones confirmed into a booking.</param>
/// <param name="HoldsExpired">Of those, the ones that ran out unconfirmed.</param>
/// <param name="HoldConversionRate">HoldsConfirmed / HoldsCreated to four decimals (counts summed over shards first); 0 when there are none.</param>
public sealed record SalesSummary(
    long TotalBookings,
    long ConfirmedBookings,
    long CancelledBookings,
    long TicketsSold,
    decimal Revenue,
    double CancellationRate,
    double CapacityUtilization,
    long WaitlistJoins,
    double WaitlistConversionRate,
    long HoldsCreated,
    long HoldsConfirmed,
    long HoldsExpired,
    double HoldConversionRate);
