namespace Evently.IntegrationTests.Analytics;

/// <summary>A waitlists row.</summary>
public sealed record RawWaitlist(DateTimeOffset JoinedAt, string Status);
