using CsCheck;
using Evently.Domain.Sharding;

namespace Evently.Domain.Tests;

public sealed class ShardingTests
{
    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", 108)]
    [InlineData("0192f0c4-7d1e-7a3b-9c4d-5e6f708192a3", 276)]
    [InlineData("7C9E6679-7425-40DE-944B-E07FC1F90AE7", 514)]
    public void Organizer_buckets_are_fixed_values_so_every_process_routes_alike(string organizer, int bucket)
    {
        // Golden values computed outside .NET (FNV-1a over the UUID's bytes): if the hash ever changed,
        // existing events would be looked for on the wrong shard.
        Assert.Equal(bucket, Buckets.ForOrganizer(Guid.Parse(organizer)));
    }

    [Fact]
    public void Minted_ids_carry_their_bucket_and_stay_version_7()
    {
        Gen.Select(Gen.Int[0, Buckets.Count - 1], Gen.Long[0, 4_000_000_000_000]).Sample((bucket, millis) =>
        {
            var id = Buckets.MintId(bucket, DateTimeOffset.FromUnixTimeMilliseconds(millis));
            Assert.Equal(bucket, Buckets.Of(id));
            Assert.Equal(7, id.Version);
        });
    }

    [Fact]
    public void Events_of_one_organizer_share_a_shard()
    {
        Gen.Select(Gen.Guid, Gen.Int[1, 16]).Sample((organizer, shards) =>
        {
            var map = new ShardMap(shards);
            var bucket = Buckets.ForOrganizer(organizer);
            var first = Buckets.MintId(bucket, DateTimeOffset.UtcNow);
            var second = Buckets.MintId(bucket, DateTimeOffset.UtcNow.AddDays(3));
            Assert.Equal(map.ShardOfOrganizer(organizer), map.ShardOfId(first));
            Assert.Equal(map.ShardOfId(first), map.ShardOfId(second));
        });
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    [InlineData(8)]
    public void Organizers_spread_evenly_over_shards(int shards)
    {
        var map = new ShardMap(shards);
        var counts = new int[shards];
        for (var i = 0; i < 10_000; i++)
        {
            counts[map.ShardOfOrganizer(Guid.NewGuid())]++;
        }

        var expected = 10_000.0 / shards;
        Assert.All(counts, c => Assert.InRange(c, expected * 0.85, expected * 1.15));
    }

    [Fact]
    public void Shard_map_refuses_impossible_counts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardMap(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardMap(Buckets.Count + 1));
    }

    [Fact]
    public void A_map_built_from_a_table_routes_by_the_table_not_by_modulo()
    {
        var table = Enumerable.Range(0, Buckets.Count).Select(bucket => bucket % 2).ToArray();
        var organizer = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).First(o => Buckets.ForOrganizer(o) % 2 == 0);
        var bucket = Buckets.ForOrganizer(organizer);
        table[bucket] = 2; // the bucket moved to a third database, added later
        var map = new ShardMap(table, shardCount: 3, epoch: 7);

        Assert.Equal(3, map.ShardCount);
        Assert.Equal(7, map.Epoch);
        Assert.Equal(2, map.ShardOfBucket(bucket));
        Assert.Equal(2, map.ShardOfOrganizer(organizer));
        Assert.Equal(2, map.ShardOfId(Buckets.MintId(bucket, DateTimeOffset.UtcNow)));
        Assert.Equal(1, map.BucketCountOf(2));
        Assert.Equal(Buckets.Count / 2 - 1, map.BucketCountOf(0));
        var other = (bucket + 1) % Buckets.Count;
        Assert.Equal(other % 2, map.ShardOfBucket(other));
    }

    [Fact]
    public void The_round_robin_map_is_the_table_of_bucket_modulo_shards()
    {
        Gen.Int[1, 64].Sample(shards =>
        {
            var map = new ShardMap(shards);
            var table = new ShardMap(Enumerable.Range(0, Buckets.Count).Select(b => b % shards).ToArray(), shards, 0);
            for (var bucket = 0; bucket < Buckets.Count; bucket++)
            {
                Assert.Equal(bucket % shards, map.ShardOfBucket(bucket));
                Assert.Equal(map.ShardOfBucket(bucket), table.ShardOfBucket(bucket));
            }
        });
    }

    [Fact]
    public void A_map_table_must_cover_every_bucket_with_a_registered_shard()
    {
        Assert.Throws<ArgumentException>(() => new ShardMap(new int[Buckets.Count - 1], 1, 0));
        var outside = new int[Buckets.Count];
        outside[5] = 3;
        Assert.Throws<ArgumentException>(() => new ShardMap(outside, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardMap(new int[Buckets.Count], 1, -1));
    }
}
