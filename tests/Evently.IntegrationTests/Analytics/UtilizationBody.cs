namespace Evently.IntegrationTests.Analytics;

/// <summary>One item of <c>/admin/analytics/utilization</c>.</summary>
public sealed record UtilizationBody(Guid EventId, string Name, int TotalCapacity, long TicketsSold, int HeldSeats, double Utilization);
