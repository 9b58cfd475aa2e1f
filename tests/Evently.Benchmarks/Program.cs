// Analytics benchmark: a throwaway embedded PostgreSQL with 4 shard databases, 1,000 events and 1,000,000 bookings,
// then each AnalyticsReads method (what one HTTP call runs) timed N times.
//   dotnet run -c Release --project tests/Evently.Benchmarks [-- --iterations 50 --events 1000 --bookings 1000000 --spread-over-year --explain --keep]
// Event grain benchmark (GrainBenchmark): activation, waitlist work and a flash sale of one event core on PostgreSQL.
//   dotnet run -c Release --project tests/Evently.Benchmarks -- grain [--bookings 100000 --waiting 100000 --seats 50000 --clients 1000 --iterations 200]
using System.Globalization;
using Evently.Benchmarks;
using Evently.Persistence.Analytics;
using Evently.Persistence.Embedded;
using Evently.Persistence.Migrations;
using Evently.Persistence.Options;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

if (args.FirstOrDefault() == "grain")
{
    await GrainBenchmark.RunAsync(Option("--bookings", 100_000), Option("--waiting", 100_000), Option("--seats", 50_000), Option("--clients", 1_000),
        Option("--iterations", 200));
    return;
}

const int Shards = 4;
var iterations = Option("--iterations", 50);
var events = Option("--events", 1_000);
var bookings = Option("--bookings", 1_000_000);
var explain = args.Contains("--explain");
var keep = args.Contains("--keep");
var spreadOverYear = args.Contains("--spread-over-year");

var folder = Path.Combine(Path.GetTempPath(), $"evently-bench-{Environment.ProcessId}");
var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "data"), Durable = false }, NullLogger.Instance);
try
{
    var shards = new string[Shards];
    for (var i = 0; i < Shards; i++)
    {
        await server.EnsureDatabaseAsync($"bench_shard_{i}");
        shards[i] = server.ConnectionString($"bench_shard_{i}");
        await SchemaMigrator.MigrateAsync(shards[i], "shard", NullLogger.Instance);
    }

    var loading = System.Diagnostics.Stopwatch.StartNew();
    await Task.WhenAll(shards.Select((s, i) => AnalyticsDataSet.LoadAsync(s, i, events / Shards, bookings / Shards, bookings / Shards / 10, spreadOverYear)));
    Console.WriteLine($"Loaded {events:N0} events, {bookings:N0} bookings, {bookings / 10:N0} waitlist entries over {Shards} shards ({(spreadOverYear ? "every event selling all year" : "30-day sales windows")}) in {loading.Elapsed.TotalSeconds:F1} s");
    if (explain)
    {
        // auto_explain logs every statement's actual plan on shard 0; a session picks it up on connect.
        await using var shard0 = new NpgsqlConnection(shards[0]);
        await shard0.OpenAsync();
        await using var settings = new NpgsqlCommand("""
            ALTER DATABASE bench_shard_0 SET session_preload_libraries = 'auto_explain';
            ALTER DATABASE bench_shard_0 SET auto_explain.log_min_duration = 0;
            ALTER DATABASE bench_shard_0 SET auto_explain.log_analyze = on;
            ALTER DATABASE bench_shard_0 SET auto_explain.log_buffers = on;
            """, shard0);
        await settings.ExecuteNonQueryAsync();
    }

    await using var databases = new ShardDataSources(new DatabaseOptions { Directory = server.ConnectionString("postgres"), Shards = shards });
    var analytics = new AnalyticsReads(new ShardAggregator(databases));
    var now = DateTimeOffset.UtcNow;
    var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
    var calls = new (string Name, Func<Task> Call)[]
    {
        ("summary (all time)", () => analytics.SummaryAsync(DateWindow.All)),
        ("summary (last 30 days)", () => analytics.SummaryAsync(new DateWindow(today.AddDays(-30), today.AddDays(1)))),
        ("summary (one day)", () => analytics.SummaryAsync(new DateWindow(today.AddDays(-7), today.AddDays(-6)))),
        ("summary (30 days to now)", () => analytics.SummaryAsync(new DateWindow(now.AddDays(-30), now))),
        ("popular-events (limit 10)", () => analytics.PopularEventsAsync(10)),
        ("popular-events (limit 100)", () => analytics.PopularEventsAsync(100)),
        ("utilization (page 1 of 20)", () => analytics.UtilizationAsync(1, 20)),
        ("utilization (page 10 of 100)", () => analytics.UtilizationAsync(10, 100)),
        ("daily (all time)", () => analytics.DailyAsync(DateWindow.All)),
        ("daily (last 30 days)", () => analytics.DailyAsync(new DateWindow(today.AddDays(-30), today.AddDays(1)))),
        ("daily (30 days to now)", () => analytics.DailyAsync(new DateWindow(now.AddDays(-30), now))),
    };

    var logPath = Path.Combine(server.DataDirectory, "server.log");
    Console.WriteLine($"{"call",-30} {"p50 ms",8} {"p95 ms",8} {"max ms",8}   ({iterations} calls after 3 warm-ups)");
    foreach (var (name, call) in calls)
    {
        var logStart = new FileInfo(logPath).Length;
        var timings = await Timings.MeasureAsync(name, call, explain ? 1 : iterations, explain ? 0 : 3);
        Console.WriteLine($"{name,-30} {timings.Percentile(50),8:F1} {timings.Percentile(95),8:F1} {timings.Max,8:F1}");
        if (explain)
        {
            await using var log = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            log.Seek(logStart, SeekOrigin.Begin);
            using var reader = new StreamReader(log);
            Console.WriteLine(await reader.ReadToEndAsync());
        }
    }

    var summary = await analytics.SummaryAsync(DateWindow.All);
    Console.WriteLine($"All-time summary: {summary}");
}
finally
{
    if (keep)
    {
        // For EXPLAIN sessions by hand: psql on this address, pg_ctl -D <folder>/data stop when done.
        Console.WriteLine($"Kept running: {server.ConnectionString("bench_shard_0")} in {folder}");
        Environment.Exit(0);
    }

    await server.StopAsync();
    try
    {
        Directory.Delete(folder, recursive: true);
    }
    catch (IOException)
    {
    }
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
