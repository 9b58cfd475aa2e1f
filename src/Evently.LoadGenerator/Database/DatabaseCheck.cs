using Evently.LoadGenerator.Reporting;
using Npgsql;

namespace Evently.LoadGenerator.Database;

/// <summary>
/// After a run: does every event satisfy <c>available_seats + held_seats + Σ confirmed quantity = total_capacity</c>,
/// is nothing oversold, and is every acknowledged (201) booking in the bookings table?
/// </summary>
public static class DatabaseCheck
{
    /// <summary>What the client knows about its run: events, acknowledged bookings, its own cancels, ambiguous errors.</summary>
    public sealed class ClientView
    {
        /// <summary>Events the run booked.</summary>
        public required IReadOnlyCollection<Guid> EventIds { get; init; }

        /// <summary>Bookings the client received a 201 for, with their quantities.</summary>
        public required IReadOnlyCollection<(Guid Id, int Quantity)> Acknowledged { get; init; }

        /// <summary>Acknowledged bookings the client cancelled itself.</summary>
        public IReadOnlyCollection<Guid> CancelledByClient { get; init; } = [];

        /// <summary>Requests whose outcome the client does not know (they may have committed).</summary>
        public long AmbiguousErrors { get; init; }
    }

    /// <summary>
    /// Checks Evently's shard databases. <paramref name="connectionString"/> may name a database (tried first) or none;
    /// every database matching <paramref name="shardPattern"/> (SQL LIKE) on that server is searched for the events.
    /// </summary>
    public static async Task<DatabaseCheckResult> CheckEventlyAsync(string connectionString, string shardPattern, ClientView view, CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Multiplexing = false };
            var candidates = new List<string>();
            if (!string.IsNullOrEmpty(builder.Database))
            {
                candidates.Add(builder.Database);
            }

            foreach (var name in await ListDatabasesAsync(builder, shardPattern, ct))
            {
                if (!candidates.Contains(name, StringComparer.Ordinal))
                {
                    candidates.Add(name);
                }
            }

            return await CheckAsync(builder, candidates, "", view, ct);
        }
        catch (NpgsqlException ex)
        {
            return Failed($"database check could not run: {ex.Message}", view);
        }
    }

    /// <summary>Checks tables <c>{schema}.events</c>/<c>{schema}.bookings</c> in the connection string's own database.</summary>
    internal static async Task<DatabaseCheckResult> CheckSchemaAsync(string connectionString, string schema, ClientView view, CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Multiplexing = false };
            return await CheckAsync(builder, [builder.Database ?? builder.Username ?? "postgres"], Quote(schema) + ".", view, ct);
        }
        catch (NpgsqlException ex)
        {
            return Failed($"database check could not run: {ex.Message}", view);
        }
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<List<string>> ListDatabasesAsync(NpgsqlConnectionStringBuilder builder, string pattern, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        if (string.IsNullOrEmpty(admin.Database))
        {
            admin.Database = "postgres";
        }

        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @p AND datallowconn ORDER BY datname", conn);
        cmd.Parameters.AddWithValue("p", pattern);
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<DatabaseCheckResult> CheckAsync(NpgsqlConnectionStringBuilder builder, List<string> databases, string prefix, ClientView view, CancellationToken ct)
    {
        var result = new DatabaseCheckResult { EventsExpected = view.EventIds.Count };
        var remaining = new HashSet<Guid>(view.EventIds);
        var ackIds = view.Acknowledged.Select(a => a.Id).Distinct().ToArray();
        var cancelled = new HashSet<Guid>(view.CancelledByClient);
        var expected = view.Acknowledged.Where(a => !cancelled.Contains(a.Id)).DistinctBy(a => a.Id).ToArray();
        var expectedIds = expected.Select(a => a.Id).ToArray();
        result.ExpectedConfirmedRows = expected.Length;
        result.ExpectedConfirmedSeats = expected.Sum(a => (long)a.Quantity);

        long ackFound = 0;
        long expectedConfirmedFound = 0;
        var invariantHolds = true;
        foreach (var database in databases)
        {
            if (remaining.Count == 0)
            {
                break;
            }

            var one = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = database };
#pragma warning disable CA2000 // `await using` disposes it on every path; the analyzer misreads the `continue`s below
            await using var conn = new NpgsqlConnection(one.ConnectionString);
#pragma warning restore CA2000
            await conn.OpenAsync(ct);
            if (!await TablesExistAsync(conn, prefix, ct))
            {
                continue;
            }

            var found = await ReadEventsAsync(conn, prefix, [.. remaining], ct);
            if (found.Count == 0)
            {
                continue;
            }

            result.Databases.Add(database);
            foreach (var e in found)
            {
                remaining.Remove(e.Id);
                result.EventsFound++;
                result.TotalCapacity += e.Capacity;
                result.AvailableSeats += e.Available;
                result.HeldSeats += e.Held;
                result.ConfirmedRows += e.ConfirmedRows;
                result.ConfirmedSeats += e.ConfirmedSeats;
                result.Oversold += Math.Max(0, e.ConfirmedSeats - e.Capacity);
                if (e.Available + e.Held + e.ConfirmedSeats != e.Capacity)
                {
                    invariantHolds = false;
                    result.EventsViolatingInvariant++;
                    if (result.EventsViolatingInvariant <= 5)
                    {
                        result.Problems.Add($"event {e.Id} in {database}: available {e.Available} + held {e.Held} + confirmed {e.ConfirmedSeats} != capacity {e.Capacity}");
                    }
                }
            }

            ackFound += await CountAsync(conn, $"SELECT count(*) FROM {prefix}bookings WHERE id = ANY(@ids)", ackIds, ct);
            expectedConfirmedFound += await CountAsync(conn, $"SELECT count(*) FROM {prefix}bookings WHERE id = ANY(@ids) AND status = 'confirmed'", expectedIds, ct);
        }

        result.SeatsSold = result.TotalCapacity - result.AvailableSeats - result.HeldSeats;
        result.AcknowledgedFound = ackFound;
        result.Lost = ackIds.Length - ackFound;
        result.UnacknowledgedRows = Math.Max(0, result.ConfirmedRows - expectedConfirmedFound);
        result.ExpectedButNotConfirmed = Math.Max(0, expectedIds.Length - expectedConfirmedFound - result.Lost);
        result.InvariantHolds = invariantHolds && result.EventsFound > 0;
        result.RowsMatchAcknowledged = result.ConfirmedRows == result.ExpectedConfirmedRows && result.Lost == 0;

        if (remaining.Count > 0)
        {
            result.Problems.Add($"{remaining.Count} of {view.EventIds.Count} events not found in {string.Join(", ", databases)}");
        }

        if (result.Oversold > 0)
        {
            result.Problems.Add($"oversold by {result.Oversold} seats");
        }

        if (result.Lost > 0)
        {
            result.Problems.Add($"{result.Lost} acknowledged bookings are missing from the bookings table");
        }

        if (result.ExpectedButNotConfirmed > 0)
        {
            result.Problems.Add($"{result.ExpectedButNotConfirmed} acknowledged bookings are not confirmed in the table");
        }

        var unexplained = result.UnacknowledgedRows > view.AmbiguousErrors;
        if (result.UnacknowledgedRows > 0)
        {
            result.Problems.Add(unexplained
                ? $"{result.UnacknowledgedRows} confirmed rows were never acknowledged with a 201 (only {view.AmbiguousErrors} requests had an unknown outcome)"
                : $"{result.UnacknowledgedRows} confirmed rows belong to requests with an unknown outcome (timeouts/5xx): explained");
        }

        result.Passed = remaining.Count == 0 && result.InvariantHolds && result.Oversold == 0 && result.Lost == 0
            && result.ExpectedButNotConfirmed == 0 && !unexplained;
        return result;
    }

    private static async Task<bool> TablesExistAsync(NpgsqlConnection conn, string prefix, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT to_regclass('{prefix.Replace("'", "''", StringComparison.Ordinal)}events') IS NOT NULL AND to_regclass('{prefix.Replace("'", "''", StringComparison.Ordinal)}bookings') IS NOT NULL", conn);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    private static async Task<List<EventRow>> ReadEventsAsync(NpgsqlConnection conn, string prefix, Guid[] ids, CancellationToken ct)
    {
        var sql = $"""
            SELECT e.id, e.total_capacity, e.available_seats, e.held_seats, coalesce(b.n_rows, 0), coalesce(b.n_seats, 0)
            FROM {prefix}events e
            LEFT JOIN (SELECT event_id, count(*) AS n_rows, sum(quantity) AS n_seats
                       FROM {prefix}bookings WHERE event_id = ANY(@ids) AND status = 'confirmed' GROUP BY event_id) b
                   ON b.event_id = e.id
            WHERE e.id = ANY(@ids)
            """;
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("ids", ids);
        var rows = new List<EventRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new EventRow(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4), Convert.ToInt64(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private static async Task<long> CountAsync(NpgsqlConnection conn, string sql, Guid[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return 0;
        }

        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("ids", ids);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DatabaseCheckResult Failed(string problem, ClientView view)
    {
        var result = new DatabaseCheckResult { EventsExpected = view.EventIds.Count, Passed = false, InvariantHolds = false };
        result.Problems.Add(problem);
        return result;
    }

    private readonly record struct EventRow(Guid Id, long Capacity, long Available, long Held, long ConfirmedRows, long ConfirmedSeats);
}
