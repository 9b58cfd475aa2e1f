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
}
