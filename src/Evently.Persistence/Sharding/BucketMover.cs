using System.Globalization;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>
/// Moves the rows of one bucket's events between shard databases while they take writes. One source transaction
/// fences the bucket's writers (the rows every writer's guard touches are locked, and new events of the bucket wait on
/// an advisory lock), copies what it locked (binary COPY, table by table, column lists read from the catalog so
/// generated columns are left to the target), commits the target, flips the map, then deletes the source rows and
/// commits: a writer that waited finds its guarded row gone, so its batch is not committed. See docs/operations.md.
/// </summary>
public static class BucketMover
{
    /// <summary>
    /// First key of the transaction-level advisory lock per bucket (second key: the bucket) on the bucket's source
    /// database: exclusive for the mover, shared for every insert of a new event.
    /// </summary>
    public const int FenceLockSpace = 0x45764D76;

    /// <summary>How long one statement of a move may take (copying or deleting a large bucket), in seconds.</summary>
    public const int StatementTimeoutSeconds = 600;

    /// <summary>
    /// Every shard table, parents before children (foreign keys). Each is keyed by its event (<c>events</c> by its id);
    /// <c>event_daily_sales</c> follows <c>bookings</c>, whose triggers write it, so the copy can replace what they wrote.
    /// </summary>
    private static readonly string[] Tables =
    [
        "events", "seating_plans", "queue_rooms", "pricing_history", "bookings", "event_daily_sales", "waitlists",
        "waitlist_promotions", "holds", "booking_seats", "held_seats", "notifications", "queue_entries",
    ];

    /// <summary>
    /// Moves <paramref name="bucket"/>'s events from <paramref name="source"/> to <paramref name="target"/>: fences and
    /// copies them (rows a failed earlier copy left on the target are replaced), commits the target, runs
    /// <paramref name="flip"/> (which points the map at the target and answers the new epoch), then deletes the source
    /// rows in the fencing transaction. When the flip fails, <paramref name="flipped"/> reads the map again (the epoch
    /// when the bucket is on the target, else null): still on the source, the target's copy is removed and the fence
    /// released with nothing moved. <paramref name="copied"/>, when given, runs between the copy and the flip. Returns the events moved and the epoch (0 when the flip's outcome could not be read).
    /// </summary>
    public static async Task<(IReadOnlyList<Guid> Events, long Epoch)> MoveAsync(
        NpgsqlDataSource source, NpgsqlDataSource target, int bucket, Func<CancellationToken, Task<long>> flip,
        Func<CancellationToken, Task<long?>> flipped, Func<CancellationToken, Task>? copied = null, CancellationToken cancellationToken = default)
    {
        await using var from = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // READ COMMITTED: each statement sees the rows as committed when it runs, so after the locks the copy sees
        // exactly the locked state (a repeatable-read snapshot taken before a lock wait would miss the writer waited for).
        await using var fence = await from.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await CheckTablesAsync(from, cancellationToken).ConfigureAwait(false);
        var events = await FenceAsync(from, fence, bucket, cancellationToken).ConfigureAwait(false);
        await CopyAsync(from, target, events, cancellationToken).ConfigureAwait(false);
        if (copied is not null)
        {
            // Between the copy and the flip: what throws here leaves the target's copy behind, as a mover killed here would.
            await copied(cancellationToken).ConfigureAwait(false);
        }

        long epoch;
        try
        {
            epoch = await flip(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Read the map again: a flip whose answer was lost may have committed.
            if (await FlippedAsync(flipped).ConfigureAwait(false) is not { } committed)
            {
                // The map still points at the source: the source transaction rolls back, so writers go on there, and
                // the target's copy, which no process reads, is removed.
                await using var to = await target.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
                await using var clean = await to.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                await DeleteRowsAsync(to, clean, events, CancellationToken.None).ConfigureAwait(false);
                await clean.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            epoch = committed;
        }

        // The map points at the target from here on: the source rows must go whatever the caller's token says.
        await DeleteRowsAsync(from, fence, events, CancellationToken.None).ConfigureAwait(false);
        await fence.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return (events, epoch);
    }

    /// <summary>
    /// Deletes what is left of <paramref name="bucket"/> on <paramref name="source"/>, fenced like a move, once the map
    /// points elsewhere: a mover that died after its flip but before its source delete committed left the rows there.
    /// Returns the events whose rows were deleted.
    /// </summary>
    public static async Task<int> PurgeAsync(NpgsqlDataSource source, int bucket, CancellationToken cancellationToken = default)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        var events = await FenceAsync(connection, transaction, bucket, cancellationToken).ConfigureAwait(false);
        await DeleteRowsAsync(connection, transaction, events, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return events.Count;
    }

    /// <summary>
    /// Takes the bucket's advisory lock and locks, in the order the writers take them (a waiting room's row before its
    /// event's, as a room's write reaches the event row through its entries' foreign key), every row a writer's guard
    /// updates: <c>queue_rooms</c>, <c>events</c>, and <c>notifications</c> (the webhook dispatcher's marks). Every
    /// other write of an event goes through its events-row guard or a foreign key to it. Returns the bucket's events.
    /// </summary>
    private static async Task<List<Guid>> FenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int bucket, CancellationToken cancellationToken)
    {
        await using (var advisory = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@space, @bucket)", connection, transaction))
        {
            advisory.Parameters.AddWithValue("space", FenceLockSpace);
            advisory.Parameters.AddWithValue("bucket", bucket);
            await advisory.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var events = new List<Guid>();
        // The bucket is the low 10 bits of the id's bytes 6..7 (Buckets.Of).
        await using (var select = new NpgsqlCommand(
            "SELECT id FROM events WHERE ((get_byte(uuid_send(id), 6) & 3) * 256 + get_byte(uuid_send(id), 7)) = @bucket", connection, transaction))
        {
            select.Parameters.AddWithValue("bucket", bucket);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(reader.GetGuid(0));
            }
        }

        if (events.Count > 0)
        {
            await ExecuteAsync(connection, transaction, "SELECT 1 FROM queue_rooms WHERE event_id = ANY(@ids) ORDER BY event_id FOR UPDATE", events, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "SELECT 1 FROM events WHERE id = ANY(@ids) ORDER BY id FOR UPDATE", events, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "SELECT 1 FROM notifications WHERE event_id = ANY(@ids) ORDER BY id FOR UPDATE", events, cancellationToken).ConfigureAwait(false);
        }

        return events;
    }

    /// <summary>Copies the rows of <paramref name="events"/>, as <paramref name="from"/>'s transaction sees them, in one target transaction.</summary>
    private static async Task CopyAsync(NpgsqlConnection from, NpgsqlDataSource target, List<Guid> events, CancellationToken cancellationToken)
    {
        await using var to = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var write = await to.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await DeleteRowsAsync(to, write, events, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var ids = "'{" + string.Join(',', events.Select(e => e.ToString("D", CultureInfo.InvariantCulture))) + "}'::uuid[]";
        foreach (var table in Tables)
        {
            if (table == "event_daily_sales")
            {
                // Replace what the target's triggers derived from the copied bookings with the source's rows, exactly.
                await ExecuteAsync(to, write, "DELETE FROM event_daily_sales WHERE event_id = ANY(@ids)", events, cancellationToken).ConfigureAwait(false);
            }

            var columns = string.Join(", ", (await ColumnsAsync(from, table, cancellationToken).ConfigureAwait(false)).Select(c => $"\"{c}\""));
            var key = table == "events" ? "id" : "event_id";
            await using var export = await from.BeginRawBinaryCopyAsync(
                $"COPY (SELECT {columns} FROM {table} WHERE {key} = ANY({ids})) TO STDOUT (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            await using (var import = await to.BeginRawBinaryCopyAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                await export.CopyToAsync(import, cancellationToken).ConfigureAwait(false);
            }
        }

        // Copied notifications keep their seq (COPY writes identity columns as given); the target's sequence must pass
        // them, or its next notifications would sort before the ones copied.
        await ExecuteAsync(to, write, """
            SELECT setval(pg_get_serial_sequence('notifications', 'seq'),
                GREATEST((SELECT max(seq) FROM notifications), nextval(pg_get_serial_sequence('notifications', 'seq'))))
            """, events, cancellationToken).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The epoch when the map points at the target, null when it does not; when the directory cannot be read either,
    /// 0 (unknown): the source rows are deleted all the same, as keeping them would let writers routed there commit
    /// where the map may no longer look. The rows stay on the target, and moving the bucket there again completes it.
    /// </summary>
    private static async Task<long?> FlippedAsync(Func<CancellationToken, Task<long?>> flipped)
    {
        try
        {
            return await flipped(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // whatever the directory threw, the map's state is unknown and the safe side is the target
        catch (Exception)
#pragma warning restore CA1031
        {
            return 0;
        }
    }

    private static async Task DeleteRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        // Children before parents; event_daily_sales last, after the bookings whose delete triggers still write it.
        foreach (var table in Tables.Reverse().Where(t => t != "event_daily_sales").Append("event_daily_sales"))
        {
            var key = table == "events" ? "id" : "event_id";
            await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE {key} = ANY(@ids)", events, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses to move anything when the shard has a table the mover does not know: its rows would stay behind.</summary>
    private static async Task CheckTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_versions'", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        var unknown = found.Except(Tables, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = Tables.Except(found, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The bucket mover does not match the shard schema (unknown tables: {string.Join(", ", unknown)}; missing: {string.Join(", ", missing)}): nothing was moved.");
        }
    }

    /// <summary>The table's columns a COPY can write: all but generated ones.</summary>
    private static async Task<IReadOnlyList<string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        await using var command = new NpgsqlCommand("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table AND is_generated = 'NEVER'
            ORDER BY ordinal_position
            """, connection);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, IReadOnlyList<Guid> events, CancellationToken cancellationToken)
    {
        // Not the pools' command timeout (a few seconds, sized for a sale's commits): deleting a bucket of 100,000 bookings
        // (their triggers keep event_daily_sales) takes longer, and a delete that timed out after the flip left every
        // source row in place while the map pointed at the target.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = StatementTimeoutSeconds };
        if (sql.Contains("@ids", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("ids", events.ToArray());
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
