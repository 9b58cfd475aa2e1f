namespace Evently.Domain.Sharding;

/// <summary>One move of a rebalance plan: <see cref="Bucket"/> from shard <see cref="From"/> to <see cref="To"/>, holding <see cref="Rows"/> rows when planned.</summary>
public sealed record RebalanceStep(int Bucket, int From, int To, long Rows);
