namespace Evently.IntegrationTests.Analytics;

/// <summary>An events row.</summary>
public sealed record RawEvent(Guid Id, string Name, int TotalCapacity, int HeldSeats, string Status);
