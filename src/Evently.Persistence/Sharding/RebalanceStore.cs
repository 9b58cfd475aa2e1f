using Evently.Domain.Sharding;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>
/// A rebalance's plan and progress in the directory (<c>sql/directory/0017_rebalance.sql</c>), and the rows each bucket
/// holds on the shards. Every write is its own committed statement, so what a dead mover left is exactly what it had done.
/// </summary>
public static class RebalanceStore
{
    /// <summary>First key of the session advisory lock (on the directory) the running mover holds; second key 0.</summary>
    public const int LockSpace = 0x45765262;

    /// <summary>The bucket of an event's rows, in SQL: the low 10 bits of the event id's bytes 6..7 (Buckets.Of).</summary>
    private const string BucketOfEvent = "((get_byte(uuid_send(id), 6) & 3) * 256 + get_byte(uuid_send(id), 7))";

    /// <summary>The same over a booking's <c>event_id</c>.</summary>
    private const string BucketOfBooking = "((get_byte(uuid_send(event_id), 6) & 3) * 256 + get_byte(uuid_send(event_id), 7))";

    /// <summary>The unfinished run, if any.</summary>
    public static async Task<long?> UnfinishedAsync(NpgsqlConnection directory, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM rebalance_runs WHERE finished_at IS NULL", directory);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <summary>Records a new run and its plan in one transaction; a plan with no move is a run finished at once.</summary>
    public static async Task<long> CreateAsync(NpgsqlConnection directory, IReadOnlyList<RebalanceStep> plan, CancellationToken cancellationToken)
    {
        await using var transaction = await directory.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long run;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO rebalance_runs (finished_at) VALUES (CASE WHEN @empty THEN now() END) RETURNING id", directory, transaction))
        {
            insert.Parameters.AddWithValue("empty", plan.Count == 0);
            run = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var steps = new NpgsqlCommand("""
            INSERT INTO rebalance_moves (run_id, step, bucket, from_ordinal, to_ordinal, row_count)
            SELECT @run, s - 1, b, f, t, r FROM unnest(@buckets, @froms, @tos, @rows) WITH ORDINALITY AS p (b, f, t, r, s)
            """, directory, transaction))
        {
            steps.Parameters.AddWithValue("run", run);
            steps.Parameters.AddWithValue("buckets", plan.Select(s => s.Bucket).ToArray());
            steps.Parameters.AddWithValue("froms", plan.Select(s => s.From).ToArray());
            steps.Parameters.AddWithValue("tos", plan.Select(s => s.To).ToArray());
            steps.Parameters.AddWithValue("rows", plan.Select(s => s.Rows).ToArray());
            await steps.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>The run's moves not done yet, in order, each with whether a mover had begun it.</summary>
    public static async Task<IReadOnlyList<(int Step, RebalanceStep Move, bool Begun)>> PendingAsync(NpgsqlConnection directory, long run, CancellationToken cancellationToken)
    {
        var pending = new List<(int, RebalanceStep, bool)>();
        await using var command = new NpgsqlCommand("""
            SELECT step, bucket, from_ordinal, to_ordinal, row_count, state = 'moving' FROM rebalance_moves
            WHERE run_id = @run AND state IN ('planned', 'moving') ORDER BY step
            """, directory);
        command.Parameters.AddWithValue("run", run);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add((reader.GetInt32(0), new RebalanceStep(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4)), reader.GetBoolean(5)));
        }

        return pending;
    }

    /// <summary>Marks a move begun (before anything of it happens) or ended (<c>done</c> or <c>skipped</c>).</summary>
    public static async Task MarkAsync(NpgsqlConnection directory, long run, int step, string state, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE rebalance_moves SET state = @state,
                attempts = attempts + CASE WHEN @state = 'moving' THEN 1 ELSE 0 END,
                finished_at = CASE WHEN @state = 'moving' THEN NULL ELSE now() END
            WHERE run_id = @run AND step = @step
            """, directory);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("run", run);
        command.Parameters.AddWithValue("step", step);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the run finished.</summary>
    public static async Task FinishAsync(NpgsqlConnection directory, long run, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE rebalance_runs SET finished_at = now() WHERE id = @run AND finished_at IS NULL", directory);
        command.Parameters.AddWithValue("run", run);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The latest run's status; <paramref name="running"/> says whether a mover holds the lock.</summary>
    public static async Task<RebalanceStatus> ReadAsync(NpgsqlDataSource directory, CancellationToken cancellationToken)
    {
        await using var connection = await directory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT r.id, r.started_at, r.finished_at,
                (SELECT count(*)::int FROM rebalance_moves m WHERE m.run_id = r.id),
                (SELECT count(*)::int FROM rebalance_moves m WHERE m.run_id = r.id AND m.state IN ('done', 'skipped')),
                (SELECT coalesce(sum(row_count), 0)::bigint FROM rebalance_moves m WHERE m.run_id = r.id),
                (SELECT coalesce(sum(row_count), 0)::bigint FROM rebalance_moves m WHERE m.run_id = r.id AND m.state = 'done'),
                c.bucket, c.from_ordinal, c.to_ordinal, c.row_count,
                EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = @space AND objid::bigint = 0 AND objsubid = 2 AND granted)
            FROM rebalance_runs r
            LEFT JOIN LATERAL (SELECT * FROM rebalance_moves m WHERE m.run_id = r.id AND m.state = 'moving' ORDER BY step LIMIT 1) c ON true
            ORDER BY r.id DESC LIMIT 1
            """, connection, transaction);
        command.Parameters.AddWithValue("space", (long)LockSpace);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new RebalanceStatus(null, "none", 0, 0, null, 0, 0, null, null);
        }

        var finished = reader.IsDBNull(2) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(2);
        var state = finished is not null ? "finished" : reader.GetBoolean(11) ? "running" : "interrupted";
        var current = reader.IsDBNull(7) ? null : new RebalanceStep(reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt64(10));
        return new RebalanceStatus(reader.GetInt64(0), state, reader.GetInt32(3), reader.GetInt32(4), current, reader.GetInt64(5), reader.GetInt64(6),
            reader.GetFieldValue<DateTimeOffset>(1), finished);
    }

    /// <summary>The rows (events and bookings) of every bucket, summed over the shards.</summary>
    public static async Task<long[]> RowsOfBucketsAsync(IReadOnlyList<NpgsqlDataSource> shards, CancellationToken cancellationToken)
    {
        var rows = new long[Buckets.Count];
        foreach (var shard in shards)
        {
            await using var command = shard.CreateCommand($"""
                SELECT bucket, count(*) FROM (
                    SELECT {BucketOfEvent} AS bucket FROM events
                    UNION ALL
                    SELECT {BucketOfBooking} FROM bookings) AS r
                GROUP BY bucket
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetInt32(0)] += reader.GetInt64(1);
            }
        }

        return rows;
    }
}
