using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Database;
using Evently.LoadGenerator.Reporting;
using Npgsql;
using NpgsqlTypes;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The classic design a team would otherwise pick, straight against PostgreSQL (no HTTP): per booking
/// <c>BEGIN; UPDATE events SET available_seats = available_seats - @q WHERE id = @id AND available_seats &gt;= @q;
/// INSERT INTO bookings …; COMMIT;</c> with K concurrent workers, on tables of its own; or, in its strongest form
/// (<see cref="BaselineForm.OneStatement"/>), the same booking as one autocommitted statement.
/// </summary>
public static class Baseline
{
    /// <summary>Creates the baseline tables and event, runs the workers until sold out, checks the tables.</summary>
    public static async Task<ScenarioReport> RunAsync(BaselineOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new LoadGeneratorException("the baseline needs a PostgreSQL connection string (--baseline-db or --db)");
        }

        if (options.Seats is < 1 or > 1_000_000 || options.Clients < 1 || options.MaxConnections < 1 || options.MaxQuantity is < 1 or > 10)
        {
            throw new LoadGeneratorException("baseline: seats 1..1,000,000, clients and connections ≥ 1, quantity 1..10");
        }

        var observer = options.Observer;
        observer?.Phase("preparing the baseline tables");
        var cs = await BaselineStore.PrepareDatabaseAsync(options.ConnectionString, options.ScratchDatabase, ct);
        var eventId = await BaselineStore.CreateTablesAndEventAsync(cs, options.Schema, options.Seats, ct);

        var connections = Math.Min(options.Clients, options.MaxConnections);
        var headroom = await BaselineStore.ConnectionHeadroomAsync(cs, ct);
        var cappedByServer = headroom < connections;
        if (cappedByServer)
        {
            connections = Math.Max(1, headroom);
        }

        var builder = new NpgsqlConnectionStringBuilder(cs)
        {
            Pooling = true,
            MinPoolSize = 0,
            MaxPoolSize = connections,
            NoResetOnClose = true,
            MaxAutoPrepare = 8,
            AutoPrepareMinUsages = 2,
            Timeout = 120,
            CommandTimeout = 120,
            Multiplexing = false,
            Enlist = false,
        };
        await using var dataSource = NpgsqlDataSource.Create(builder);
        observer?.Phase($"opening {connections} connections");
        await OpenAllAsync(dataSource, connections, ct);

        var schema = DatabaseCheck.Quote(options.Schema);
        var sql = new Statements(
            $"UPDATE {schema}.events SET available_seats = available_seats - @q, updated_at = now() WHERE id = @id AND available_seats >= @q",
            $"INSERT INTO {schema}.bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, status, idempotency_key) " +
            "VALUES (@id, @user, @event, @ref, @q, @price, @total, 'confirmed', @key)",
            $"WITH u AS (UPDATE {schema}.events SET available_seats = available_seats - @q, updated_at = now() WHERE id = @event AND available_seats >= @q RETURNING id) " +
            $"INSERT INTO {schema}.bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, status, idempotency_key) " +
            "SELECT @id, @user, u.id, @ref, @q, @price, @total, 'confirmed', @key FROM u");
        var recorder = new RunRecorder("baseline") { ProgressTotal = options.Seats };
        var report = new ScenarioReport
        {
            Scenario = "baseline",
            Model = "closed",
            Variant = Describe(options.Form, connections),
            Clients = options.Clients,
            Users = options.Clients,
            Seats = options.Seats,
            EventId = eventId,
        };
        if (cappedByServer)
        {
            report.Notes.Add($"connections capped at {connections} by the server's max_connections (asked for {Math.Min(options.Clients, options.MaxConnections)})");
        }

        report.Notes.Add(options.Clients <= connections
            ? $"{options.Clients} workers, each with its own connection"
            : $"{options.Clients} workers sharing {connections} pooled connections (the rest wait for one per transaction)");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.MaxDuration);
        var state = new State();
        observer?.Running(recorder);
        await recorder.RunClientsAsync(options.Clients, worker => options.Form == BaselineForm.OneStatement
            ? OneStatementWorkerAsync(worker, dataSource, sql, eventId, options, recorder, state, deadline.Token)
            : WorkerAsync(worker, dataSource, sql, eventId, options, recorder, state, deadline.Token));
        ct.ThrowIfCancellationRequested();
        recorder.FillReport(report);
        if (!state.SoldOut)
        {
            report.Notes.Add($"stopped after {report.DurationSeconds:N0} s before the event sold out");
        }

        observer?.Phase("checking the baseline tables");
        report.DatabaseCheck = await DatabaseCheck.CheckSchemaAsync(cs, options.Schema, new DatabaseCheck.ClientView
        {
            EventIds = [eventId],
            Acknowledged = [.. recorder.Acknowledged],
            AmbiguousErrors = recorder.Ambiguous,
        }, ct);
        return report;
    }

    private static async Task OpenAllAsync(NpgsqlDataSource dataSource, int connections, CancellationToken ct)
    {
        var opened = new NpgsqlConnection[connections];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, connections), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct },
                async (i, token) => opened[i] = await dataSource.OpenConnectionAsync(token));
        }
        finally
        {
            foreach (var conn in opened)
            {
                if (conn is not null)
                {
                    await conn.DisposeAsync();
                }
            }
        }
    }

    private static async Task WorkerAsync(int worker, NpgsqlDataSource dataSource, Statements sql, Guid eventId, BaselineOptions options, RunRecorder recorder, State state, CancellationToken ct)
    {
        var random = new Random(options.Seed + worker);
        var userId = Guid.CreateVersion7();
        var limit = options.MaxQuantity;
        while (!state.SoldOut && !ct.IsCancellationRequested)
        {
            var quantity = random.Next(1, limit + 1);
            recorder.Attempt();
            var started = Stopwatch.GetTimestamp();
            var committing = false;
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(CancellationToken.None);
                await using var tx = await conn.BeginTransactionAsync(CancellationToken.None);
                await using (var update = new NpgsqlCommand(sql.Update, conn, tx))
                {
                    update.Parameters.Add(new NpgsqlParameter<int>("q", NpgsqlDbType.Integer) { TypedValue = quantity });
                    update.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = eventId });
                    if (await update.ExecuteNonQueryAsync(CancellationToken.None) == 0)
                    {
                        await tx.RollbackAsync(CancellationToken.None);
                        recorder.Latency.RecordSince(started);
                        recorder.SoldOutAnswer();
                        if (quantity == 1)
                        {
                            state.MarkSoldOut();
                        }
                        else
                        {
                            limit = 1;
                        }

                        continue;
                    }
                }

                var bookingId = Guid.CreateVersion7();
                await using (var insert = new NpgsqlCommand(sql.Insert, conn, tx))
                {
                    var p = insert.Parameters;
                    p.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = bookingId });
                    p.Add(new NpgsqlParameter<Guid>("user", NpgsqlDbType.Uuid) { TypedValue = userId });
                    p.Add(new NpgsqlParameter<Guid>("event", NpgsqlDbType.Uuid) { TypedValue = eventId });
                    p.Add(new NpgsqlParameter<string>("ref", NpgsqlDbType.Varchar) { TypedValue = state.NextBookingRef() });
                    p.Add(new NpgsqlParameter<int>("q", NpgsqlDbType.Integer) { TypedValue = quantity });
                    p.Add(new NpgsqlParameter<decimal>("price", NpgsqlDbType.Numeric) { TypedValue = 49.90m });
                    p.Add(new NpgsqlParameter<decimal>("total", NpgsqlDbType.Numeric) { TypedValue = 49.90m * quantity });
                    p.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Varchar) { TypedValue = Guid.NewGuid().ToString("N") });
                    await insert.ExecuteNonQueryAsync(CancellationToken.None);
                }

                committing = true;
                await tx.CommitAsync(CancellationToken.None);
                recorder.Latency.RecordSince(started);
                recorder.Confirm(bookingId, quantity);
            }
#pragma warning disable CA1031 // a worker counts every failure and goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                recorder.Latency.RecordSince(started);
                var kind = ex is PostgresException pg ? $"postgres {pg.SqlState}" : ex.GetType().Name;
                recorder.Error(kind, ambiguous: committing);
            }
        }
    }

    /// <summary>The variant's name in tables and JSON, e.g. <c>one-statement, 16 connections</c>.</summary>
    public static string Describe(BaselineForm form, int connections) =>
        string.Create(CultureInfo.InvariantCulture, $"{(form == BaselineForm.OneStatement ? "one-statement" : "three-statements")}, {connections} connections");

    private static async Task OneStatementWorkerAsync(int worker, NpgsqlDataSource dataSource, Statements sql, Guid eventId, BaselineOptions options, RunRecorder recorder, State state, CancellationToken ct)
    {
        var random = new Random(options.Seed + worker);
        var userId = Guid.CreateVersion7();
        var limit = options.MaxQuantity;
        while (!state.SoldOut && !ct.IsCancellationRequested)
        {
            var quantity = random.Next(1, limit + 1);
            recorder.Attempt();
            var started = Stopwatch.GetTimestamp();
            var sent = false;
            try
            {
                var bookingId = Guid.CreateVersion7();
                await using var conn = await dataSource.OpenConnectionAsync(CancellationToken.None);
                await using var book = new NpgsqlCommand(sql.OneStatement, conn);
                var p = book.Parameters;
                p.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = bookingId });
                p.Add(new NpgsqlParameter<Guid>("user", NpgsqlDbType.Uuid) { TypedValue = userId });
                p.Add(new NpgsqlParameter<Guid>("event", NpgsqlDbType.Uuid) { TypedValue = eventId });
                p.Add(new NpgsqlParameter<string>("ref", NpgsqlDbType.Varchar) { TypedValue = state.NextBookingRef() });
                p.Add(new NpgsqlParameter<int>("q", NpgsqlDbType.Integer) { TypedValue = quantity });
                p.Add(new NpgsqlParameter<decimal>("price", NpgsqlDbType.Numeric) { TypedValue = 49.90m });
                p.Add(new NpgsqlParameter<decimal>("total", NpgsqlDbType.Numeric) { TypedValue = 49.90m * quantity });
                p.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Varchar) { TypedValue = Guid.NewGuid().ToString("N") });
                sent = true;
                var inserted = await book.ExecuteNonQueryAsync(CancellationToken.None);
                recorder.Latency.RecordSince(started);
                if (inserted == 0)
                {
                    recorder.SoldOutAnswer();
                    if (quantity == 1)
                    {
                        state.MarkSoldOut();
                    }
                    else
                    {
                        limit = 1;
                    }

                    continue;
                }

                recorder.Confirm(bookingId, quantity);
            }
#pragma warning disable CA1031 // a worker counts every failure and goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                recorder.Latency.RecordSince(started);
                // A statement the server refused did not commit; a lost connection after sending may have.
                var kind = ex is PostgresException pg ? $"postgres {pg.SqlState}" : ex.GetType().Name;
                recorder.Error(kind, ambiguous: sent && ex is not PostgresException);
            }
        }
    }

    private sealed record Statements(string Update, string Insert, string OneStatement);

    private sealed class State
    {
        private volatile bool _soldOut;
        private long _refs;

        public bool SoldOut => _soldOut;

        public void MarkSoldOut() => _soldOut = true;

        public string NextBookingRef() => string.Create(CultureInfo.InvariantCulture, $"BL-{Interlocked.Increment(ref _refs):D10}");
    }
}
