using Evently.Domain.Sales;
using System.Diagnostics;
using Evently.Core;
using Evently.Core.Answers;
using Evently.Core.Ports;
using Evently.Domain.Events;
using Evently.Persistence.Embedded;
using Evently.Persistence.Migrations;
using Evently.Persistence.Options;
using Evently.Persistence.Sharding;
using Evently.Persistence.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Evently.Domain.Waitlists;
using Evently.Domain.Bookings;

namespace Evently.Benchmarks;

/// <summary>
/// The event core on its real PostgreSQL store, without Orleans or HTTP: the server-side cost of what one event grain
/// does. Every core runs the way a grain runs, one continuation at a time (an exclusive scheduler).
/// <list type="bullet">
/// <item>activation of a sold-out event with N bookings (all with an Idempotency-Key) and W waiting entries, and the
/// memory one such activation holds;</item>
/// <item>join, <c>waitlist/me</c> and leave on that event (each join and leave commits);</item>
/// <item>a flash sale (K concurrent clients, a fresh key per booking) on an event with W waiting entries against the
/// same sale on an event with none, interleaved.</item>
/// </list>
/// </summary>
public static class GrainBenchmark
{
    public static async Task RunAsync(int bookings, int waiting, int seats, int clients, int iterations)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"evently-grain-bench-{Environment.ProcessId}");
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "data"), Durable = false }, NullLogger.Instance);
        try
        {
            await server.EnsureDatabaseAsync("bench_shard_0");
            var shard = server.ConnectionString("bench_shard_0");
            await SchemaMigrator.MigrateAsync(shard, "shard", NullLogger.Instance);
            await using var databases = new ShardDataSources(new DatabaseOptions { Directory = server.ConnectionString("postgres"), Shards = [shard] });
            var store = new PostgresEventStore(databases);

            var loading = Stopwatch.StartNew();
            var keyed = await SeedAsync(store, shard, capacity: bookings, booked: bookings, waiting: 0);
            var soldOut = await SeedAsync(store, shard, capacity: bookings, booked: bookings, waiting);
            var small = await SeedAsync(store, shard, capacity: 1_000, booked: 1_000, waiting: 10);
            Console.WriteLine($"Seeded sold-out events with {bookings:N0} keyed bookings (one with {waiting:N0} waiting entries) in {loading.Elapsed.TotalSeconds:F1} s");

            // Activation: load time, and what a loaded core keeps.
            Console.WriteLine();
            Console.WriteLine($"{"activation",-44} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"memory",10}");
            foreach (var (name, id) in new[]
            {
                ($"{bookings:N0} keyed bookings, no waitlist", keyed),
                ($"{bookings:N0} keyed bookings, {waiting:N0} waiting", soldOut),
                ("1,000 keyed bookings, 10 waiting", small),
            })
            {
                var timings = await Timings.MeasureAsync(name, () => OnCoreAsync(NewCore(id, store), core => core.ActivateAsync()), iterations / 4, 3);
                var held = new List<EventCore>();
                var before = GC.GetTotalMemory(forceFullCollection: true);
                for (var i = 0; i < 10; i++)
                {
                    var core = NewCore(id, store);
                    await OnCoreAsync(core, c => c.ActivateAsync());
                    held.Add(core);
                }

                var perCore = (GC.GetTotalMemory(forceFullCollection: true) - before) / held.Count;
                GC.KeepAlive(held);
                Console.WriteLine($"{name,-44} {timings.Percentile(50),8:F1} {timings.Percentile(99),8:F1} {timings.Max,8:F1} {perCore / 1024.0,7:N0} KiB");
            }

            // Waitlist work at W entries: each join and leave commits to PostgreSQL.
            var line = NewCore(soldOut, store);
            await OnCoreAsync(line, c => c.ActivateAsync());
            var users = Enumerable.Range(0, iterations * 4).Select(_ => Guid.NewGuid()).ToArray();
            var next = 0;
            Console.WriteLine();
            Console.WriteLine($"{$"waitlist of {waiting:N0}",-44} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
            var join = await Timings.MeasureAsync("join", () => OnCoreAsync(line, c => Expect(c.JoinWaitlistAsync(users[next++], 1, null), WaitlistOutcome.Ok)), iterations, 3);
            var position = 0;
            var mine = await Timings.MeasureAsync("waitlist/me", () => OnCoreAsync(line, c =>
            {
                position = c.GetWaitlistEntry(users[position % next]).Place!.Position;
                return Task.CompletedTask;
            }), iterations * 10, 10);
            var leaving = 0;
            var leave = await Timings.MeasureAsync("leave", () => OnCoreAsync(line, c => Expect(c.LeaveWaitlistAsync(users[leaving++]), WaitlistOutcome.Ok)), iterations, 3);
            var page = await Timings.MeasureAsync("admin page 500 of 100", () => OnCoreAsync(line, c =>
            {
                _ = c.WaitlistPage(500, 100);
                return Task.CompletedTask;
            }), iterations, 3);
            foreach (var t in new[] { join, mine, leave, page })
            {
                Console.WriteLine($"{t.Name,-44} {t.Percentile(50),8:F2} {t.Percentile(99),8:F2} {t.Max,8:F2}");
            }

            // Flash sale with and without a long waitlist, interleaved so the machine's noise hits both alike.
            Console.WriteLine();
            Console.WriteLine($"flash sale: {seats:N0} seats, {clients:N0} concurrent clients, a fresh Idempotency-Key per booking");
            var rates = new Dictionary<string, List<double>> { ["empty waitlist"] = [], [$"{waiting:N0} waiting"] = [] };
            for (var round = 0; round < 2; round++)
            {
                foreach (var name in rates.Keys)
                {
                    var id = await SeedAsync(store, shard, capacity: seats, booked: 0, waiting: name == "empty waitlist" ? 0 : waiting);
                    rates[name].Add(await FlashSaleAsync(id, store, clients));
                }
            }

            foreach (var (name, runs) in rates)
            {
                Console.WriteLine($"  {name,-30} {string.Join(" / ", runs.Select(r => $"{r:N0}"))} bookings/s (mean {runs.Average():N0})");
            }

            var ratio = rates.Values.Last().Average() / rates.Values.First().Average();
            Console.WriteLine($"  with {waiting:N0} waiting: {ratio:P0} of the empty-waitlist rate");
        }
        finally
        {
            await server.StopAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static EventCore NewCore(Guid id, IEventStore store) => new(id, store, new NoExpiry(), TimeProvider.System);

    /// <summary>Runs <paramref name="work"/> with every continuation on one exclusive scheduler, as a grain would.</summary>
    private static Task OnCoreAsync(EventCore core, Func<EventCore, Task> work) =>
        Task.Factory.StartNew(() => work(core), CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();

    private static readonly TaskScheduler Scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

    private static async Task Expect(Task<WaitlistAnswer> call, WaitlistOutcome expected)
    {
        var answer = await call;
        if (answer.Outcome != expected)
        {
            throw new InvalidOperationException($"expected {expected}, got {answer.Outcome}");
        }
    }

    private static async Task<double> FlashSaleAsync(Guid id, IEventStore store, int clients)
    {
        var core = NewCore(id, store);
        await OnCoreAsync(core, c => c.ActivateAsync());
        var booked = 0;
        var clock = Stopwatch.StartNew();
        await OnCoreAsync(core, c => Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var user = Guid.NewGuid();
            while (true)
            {
                var answer = await c.BookAsync(user, 1, Guid.NewGuid().ToString("N"));
                if (answer.Outcome == BookingOutcome.Confirmed)
                {
                    booked++;
                }
                else if (answer.Outcome == BookingOutcome.SoldOut)
                {
                    return;
                }
                else if (answer.Outcome != BookingOutcome.RateLimited)
                {
                    throw new InvalidOperationException($"booking answered {answer.Outcome}");
                }
            }
        })));
        return booked / clock.Elapsed.TotalSeconds;
    }

    /// <summary>An event of <paramref name="capacity"/> seats, <paramref name="booked"/> of them in keyed one-seat bookings, and a waitlist.</summary>
    private static async Task<Guid> SeedAsync(PostgresEventStore store, string shard, int capacity, int booked, int waiting)
    {
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await store.CreateAsync(new EventRecord(id, Guid.NewGuid(), "Bench", "", "Hall", now.AddDays(30), SeatLedger.ForCapacity(capacity), 10m, 10m,
            "fixed", EventStatus.Published, 15, 1, now, now, SaleSettings.Default(now, now.AddDays(30))));
        await using var connection = new NpgsqlConnection(shard);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            UPDATE events SET available_seats = total_capacity - @booked WHERE id = @id;
            INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, status, idempotency_key, created_at)
            SELECT gen_random_uuid(), gen_random_uuid(), @id, 'B' || lpad(to_hex(@seed + n), 15, '0'), 1, 10, 10, 'confirmed', 'key-' || n, now()
            FROM generate_series(1, @booked) n;
            INSERT INTO waitlists (id, user_id, event_id, position, quantity, priority_score, joined_at, status)
            SELECT gen_random_uuid(), gen_random_uuid(), @id, n, 1 + n % 3, 0, now() + n * interval '1 millisecond', 'waiting'
            FROM generate_series(1, @waiting) n;
            ANALYZE bookings; ANALYZE waitlists;
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("booked", booked);
        command.Parameters.AddWithValue("waiting", waiting);
        command.Parameters.AddWithValue("seed", Random.Shared.NextInt64(1L << 40));
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private sealed class NoExpiry : IExpiryPort
    {
        public void ArmTimer(TimeSpan? dueIn)
        {
        }

        public Task RegisterReminderAsync(TimeSpan dueIn, TimeSpan period) => Task.CompletedTask;

        public Task UnregisterReminderAsync() => Task.CompletedTask;
    }
}
