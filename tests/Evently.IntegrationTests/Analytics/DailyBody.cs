namespace Evently.IntegrationTests.Analytics;

/// <summary>One item of <c>/admin/analytics/daily</c>.</summary>
public sealed record DailyBody(string Date, long Bookings, long TicketsSold, long Cancellations, decimal Revenue);
