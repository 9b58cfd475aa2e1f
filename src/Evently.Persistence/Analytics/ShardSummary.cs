namespace Evently.Persistence.Analytics;

/// <summary>One shard's counts behind a <see cref="SalesSummary"/>: sums, so shards add up before any rate is taken.</summary>
internal sealed record ShardSummary(
    long Total, long Confirmed, long Cancelled, long Sold, decimal Revenue,
    long SoldOnOpenEvents, long CapacityOfOpenEvents, long WaitlistJoins, long WaitlistBooked, long Holds, long HoldsConfirmed, long HoldsExpired);
