namespace Evently.IntegrationTests.Analytics;

/// <summary>The JSON of <c>/admin/analytics/summary</c>.</summary>
public sealed record SummaryBody(
    long TotalBookings, long ConfirmedBookings, long CancelledBookings, long TicketsSold, decimal Revenue,
    double CancellationRate, double CapacityUtilization, long WaitlistJoins, double WaitlistConversionRate);
