namespace Evently.IntegrationTests.Reliability;

/// <summary>Rows that exist in the fuzzed app, so generated routes sometimes reach real things.</summary>
public sealed record SeededIds(Guid EventId, Guid BookingId, Guid UserId);
