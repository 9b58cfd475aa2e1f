using System.Globalization;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>
/// Copies and deletes the rows of one bucket's events between shard databases, table by table (binary COPY, column
/// lists read from the catalog so generated columns are left to the target). This is the offline mover: it is correct
/// only while the bucket's events take no writes between the copy and the flip of the map. The online mover (catch-up
/// of writes made during the copy, fencing the writers, the map epoch checked by the commit guard) is not built yet;
/// see docs/operations.md.
/// </summary>
public static class BucketMover
{
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
    /// Copies the rows of <paramref name="bucket"/>'s events from <paramref name="source"/> to <paramref name="target"/> in
    /// one target transaction (rows a failed earlier copy left there are replaced) from one snapshot of the source.
    /// Returns the events copied.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> CopyAsync(NpgsqlDataSource source, NpgsqlDataSource target, int bucket, CancellationToken cancellationToken = default)
    {
        await using var from = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var read = await from.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await CheckTablesAsync(from, cancellationToken).ConfigureAwait(false);
        var events = new List<Guid>();
        // The bucket is the low 10 bits of the id's bytes 6..7 (Buckets.Of).
        await using (var select = new NpgsqlCommand(
            "SELECT id FROM events WHERE ((get_byte(uuid_send(id), 6) & 3) * 256 + get_byte(uuid_send(id), 7)) = @bucket", from, read))
        {
            select.Parameters.AddWithValue("bucket", bucket);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(reader.GetGuid(0));
            }
        }

        await using var to = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var write = await to.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await DeleteRowsAsync(to, write, events, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
            return events;
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
        await read.CommitAsync(cancellationToken).ConfigureAwait(false);
        return events;
    }

    /// <summary>Deletes the rows of <paramref name="events"/> from <paramref name="shard"/>, in one transaction.</summary>
    public static async Task DeleteAsync(NpgsqlDataSource shard, IReadOnlyList<Guid> events, CancellationToken cancellationToken = default)
    {
        await using var connection = await shard.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await DeleteRowsAsync(connection, transaction, events, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task DeleteRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> events, CancellationToken cancellationToken)
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
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (sql.Contains("@ids", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("ids", events.ToArray());
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
