namespace Evently.IntegrationTests.Analytics;

/// <summary>One item of <c>/admin/analytics/popular-events</c>.</summary>
public sealed record PopularBody(Guid EventId, string Name, long TicketsSold, int Capacity, double Utilization, decimal Revenue);
