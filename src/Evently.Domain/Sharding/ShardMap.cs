namespace Evently.Domain.Sharding;

/// <summary>Maps logical buckets onto <see cref="ShardCount"/> shard databases.</summary>
public sealed class ShardMap
{
    /// <summary>Creates a map of the buckets onto <paramref name="shardCount"/> shards, round robin.</summary>
    public ShardMap(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardCount, Buckets.Count);
        ShardCount = shardCount;
    }

    /// <summary>How many shard databases there are.</summary>
    public int ShardCount { get; }

    /// <summary>The shard holding a bucket.</summary>
    public int ShardOfBucket(int bucket) => bucket % ShardCount;

    /// <summary>The shard holding an organizer's events.</summary>
    public int ShardOfOrganizer(Guid organizerId) => ShardOfBucket(Buckets.ForOrganizer(organizerId));

    /// <summary>The shard holding an event or booking whose id was minted with <see cref="Buckets.MintId"/>.</summary>
    public int ShardOfId(Guid id) => ShardOfBucket(Buckets.Of(id));
}
