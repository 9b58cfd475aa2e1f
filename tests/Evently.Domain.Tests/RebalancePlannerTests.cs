using CsCheck;
using Evently.Domain.Sharding;

namespace Evently.Domain.Tests;

public sealed class RebalancePlannerTests
{
    [Fact]
    public void A_database_just_added_gets_the_heavy_bucket_that_halves_the_gap_and_its_share_of_empty_buckets()
    {
        // Two databases with the buckets round robin, a third just added (holding none).
        var table = Enumerable.Range(0, Buckets.Count).Select(b => b % 2).ToArray();
        var map = new ShardMap(table, 3, 7);
        var rows = new long[Buckets.Count];
        rows[4] = 600; // shard 0
        rows[6] = 300; // shard 0
        rows[8] = 100; // shard 0
        rows[5] = 500; // shard 1

        var plan = RebalancePlanner.Plan(map, rows);

        // Shard 0 (1000) against shard 2 (0): the bucket nearest 500 is 4 (600: the gap becomes 400 either way) or 6
        // (300): min(600, 400) = 400 > min(300, 700) = 300, so 4 goes first.
        Assert.Equal(new RebalanceStep(4, 0, 2, 600), plan[0]);
        var after = Apply(table, plan);
        var loads = Enumerable.Range(0, 3).Select(s => Enumerable.Range(0, Buckets.Count).Where(b => after[b] == s).Sum(b => rows[b])).ToArray();
        Assert.True(loads.Max() - loads.Min() <= 600, string.Join(", ", loads));
        var counts = Enumerable.Range(0, 3).Select(s => after.Count(x => x == s)).ToArray();
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(", ", counts));
        Assert.Equal(plan.Count, plan.Select(s => s.Bucket).Distinct().Count());
    }

    [Fact]
    public void A_balanced_map_plans_nothing_and_one_database_plans_nothing()
    {
        Assert.Empty(RebalancePlanner.Plan(new ShardMap(4), new long[Buckets.Count]));
        var rows = new long[Buckets.Count];
        rows[3] = 1_000;
        Assert.Empty(RebalancePlanner.Plan(new ShardMap(1), rows));
        // One heavy bucket alone cannot be split: moving it only moves the imbalance.
        Assert.DoesNotContain(RebalancePlanner.Plan(new ShardMap(4), rows), s => s.Bucket == 3);
    }

    [Fact]
    public void Every_plan_never_widens_the_gap_moves_each_bucket_once_and_starts_where_the_map_says()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, 1_000_000], Gen.Long[0, 5_000].Array[Buckets.Count]).Sample((shards, seed, rows) =>
        {
            var random = new Random(seed);
            var table = Enumerable.Range(0, Buckets.Count).Select(_ => random.Next(shards)).ToArray();
            var map = new ShardMap(table, shards, 1);
            var plan = RebalancePlanner.Plan(map, rows);
            Assert.Equal(plan.Count, plan.Select(s => s.Bucket).Distinct().Count());
            Assert.All(plan, s => Assert.Equal(table[s.Bucket], s.From));
            Assert.All(plan, s => Assert.Equal(rows[s.Bucket], s.Rows));
            var after = Apply(table, plan);
            Assert.True(Gap(after, rows, shards) <= Gap(table, rows, shards));
        }, iter: 50);
    }

    private static int[] Apply(int[] table, IReadOnlyList<RebalanceStep> plan)
    {
        var after = table.ToArray();
        foreach (var step in plan)
        {
            after[step.Bucket] = step.To;
        }

        return after;
    }

    private static long Gap(int[] table, long[] rows, int shards)
    {
        var loads = new long[shards];
        for (var b = 0; b < Buckets.Count; b++)
        {
            loads[table[b]] += rows[b];
        }

        return loads.Max() - loads.Min();
    }
}
