namespace Evently.Persistence.Sharding;

/// <summary>What moving a bucket did: from which shard to which, how many events went along, the map's new epoch.</summary>
public sealed record BucketMove(int Bucket, int FromShard, int ToShard, int Events, long Epoch);
