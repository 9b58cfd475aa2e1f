namespace Evently.IntegrationTests.Analytics;

/// <summary>The rows analytics are computed from, as read with plain SQL from every shard.</summary>
public sealed record RawTables(IReadOnlyList<RawBooking> Bookings, IReadOnlyList<RawEvent> Events, IReadOnlyList<RawWaitlist> Waitlists);
