namespace Evently.Domain.Sharding;

/// <summary>
/// Maps logical buckets onto <see cref="ShardCount"/> shard databases. The map is data: a table of
/// <see cref="Buckets.Count"/> entries kept in the directory with an <see cref="Epoch"/> that moves whenever a bucket
/// moves or a database is added, so a bucket can move to another database without rehashing every organizer.
/// </summary>
public sealed class ShardMap
{
    private readonly int[] _shardOfBucket;

    /// <summary>
    /// Creates the map of a fresh install: the buckets spread over <paramref name="shardCount"/> shards round robin
    /// (bucket % N), at epoch 0.
    /// </summary>
    public ShardMap(int shardCount)
        : this(RoundRobin(shardCount), shardCount, 0)
    {
    }

    /// <summary>
    /// Creates a map from its table: <paramref name="shardOfBucket"/>[bucket] is the shard (0..<paramref name="shardCount"/>-1)
    /// holding that bucket. A registered shard may hold no bucket yet (a database just added).
    /// </summary>
    public ShardMap(IReadOnlyList<int> shardOfBucket, int shardCount, long epoch)
    {
        ArgumentNullException.ThrowIfNull(shardOfBucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardCount, Buckets.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (shardOfBucket.Count != Buckets.Count)
        {
            throw new ArgumentException($"A shard map has one entry per bucket ({Buckets.Count}), not {shardOfBucket.Count}.", nameof(shardOfBucket));
        }

        _shardOfBucket = new int[Buckets.Count];
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            var shard = shardOfBucket[bucket];
            if (shard < 0 || shard >= shardCount)
            {
                throw new ArgumentException($"Bucket {bucket} maps to shard {shard}, outside 0..{shardCount - 1}.", nameof(shardOfBucket));
            }

            _shardOfBucket[bucket] = shard;
        }

        ShardCount = shardCount;
        Epoch = epoch;
    }

    /// <summary>How many shard databases there are (registered; some may hold no bucket).</summary>
    public int ShardCount { get; }

    /// <summary>The map's version: every change of the directory's map moves it forward.</summary>
    public long Epoch { get; }

    /// <summary>The shard holding a bucket.</summary>
    public int ShardOfBucket(int bucket) => _shardOfBucket[bucket];

    /// <summary>The shard holding an organizer's events.</summary>
    public int ShardOfOrganizer(Guid organizerId) => ShardOfBucket(Buckets.ForOrganizer(organizerId));

    /// <summary>The shard holding an event or booking whose id was minted with <see cref="Buckets.MintId"/>.</summary>
    public int ShardOfId(Guid id) => ShardOfBucket(Buckets.Of(id));

    /// <summary>How many buckets <paramref name="shard"/> holds.</summary>
    public int BucketCountOf(int shard) => _shardOfBucket.Count(s => s == shard);

    private static int[] RoundRobin(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardCount, Buckets.Count);
        return Enumerable.Range(0, Buckets.Count).Select(bucket => bucket % shardCount).ToArray();
    }
}
