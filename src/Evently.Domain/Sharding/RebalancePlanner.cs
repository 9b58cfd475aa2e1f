namespace Evently.Domain.Sharding;

/// <summary>
/// Plans the bucket moves that even out the shard databases: first their rows (events and bookings, counted per bucket),
/// then the number of buckets each holds, with buckets that hold no row (they cost a flip and nothing to copy), so the
/// events created from then on spread over every database too. Each bucket moves at most once in a plan.
/// </summary>
public static class RebalancePlanner
{
    /// <summary>
    /// The moves, in the order to run them. Rows: while some bucket of the fullest database weighs less than the gap
    /// between it and the emptiest one, the bucket nearest half that gap moves across (every such move shrinks the sum of
    /// the squared loads, so the loop ends); buckets: while two databases' bucket counts differ by more than one, an
    /// empty bucket of the one with most moves to the one with fewest.
    /// </summary>
    public static IReadOnlyList<RebalanceStep> Plan(ShardMap map, IReadOnlyList<long> rowsOfBucket)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(rowsOfBucket);
        if (rowsOfBucket.Count != Buckets.Count)
        {
            throw new ArgumentException($"A plan needs the rows of every bucket ({Buckets.Count}), not {rowsOfBucket.Count}.", nameof(rowsOfBucket));
        }

        var shardOf = Enumerable.Range(0, Buckets.Count).Select(map.ShardOfBucket).ToArray();
        var load = new long[map.ShardCount];
        var count = new int[map.ShardCount];
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rowsOfBucket[bucket]);
            load[shardOf[bucket]] += rowsOfBucket[bucket];
            count[shardOf[bucket]]++;
        }

        var moved = new bool[Buckets.Count];
        var steps = new List<RebalanceStep>();
        void Move(int bucket, int to)
        {
            var from = shardOf[bucket];
            steps.Add(new RebalanceStep(bucket, from, to, rowsOfBucket[bucket]));
            load[from] -= rowsOfBucket[bucket];
            load[to] += rowsOfBucket[bucket];
            count[from]--;
            count[to]++;
            shardOf[bucket] = to;
            moved[bucket] = true;
        }

        while (map.ShardCount > 1)
        {
            var fullest = IndexOfMax(load);
            var emptiest = IndexOfMin(load);
            var gap = load[fullest] - load[emptiest];
            var best = -1;
            for (var bucket = 0; bucket < Buckets.Count; bucket++)
            {
                var rows = rowsOfBucket[bucket];
                if (moved[bucket] || shardOf[bucket] != fullest || rows <= 0 || rows >= gap)
                {
                    continue;
                }

                if (best < 0 || Math.Min(rows, gap - rows) > Math.Min(rowsOfBucket[best], gap - rowsOfBucket[best]))
                {
                    best = bucket;
                }
            }

            if (best < 0)
            {
                break;
            }

            Move(best, emptiest);
        }

        while (map.ShardCount > 1)
        {
            var most = IndexOfMax(count);
            var fewest = IndexOfMin(count);
            if (count[most] - count[fewest] <= 1)
            {
                break;
            }

            var empty = Enumerable.Range(0, Buckets.Count).FirstOrDefault(b => !moved[b] && shardOf[b] == most && rowsOfBucket[b] == 0, -1);
            if (empty < 0)
            {
                break;
            }

            Move(empty, fewest);
        }

        return steps;
    }

    private static int IndexOfMax<T>(T[] values) where T : IComparable<T>
    {
        var index = 0;
        for (var i = 1; i < values.Length; i++)
        {
            index = values[i].CompareTo(values[index]) > 0 ? i : index;
        }

        return index;
    }

    /// <summary>The emptiest; on a tie the highest shard number, i.e. the database added last.</summary>
    private static int IndexOfMin<T>(T[] values) where T : IComparable<T>
    {
        var index = 0;
        for (var i = 1; i < values.Length; i++)
        {
            index = values[i].CompareTo(values[index]) <= 0 ? i : index;
        }

        return index;
    }
}
