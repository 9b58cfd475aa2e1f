using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Holds;
using Evently.IntegrationTests.Infrastructure;
using Evently.IntegrationTests.Organizers;
using Evently.IntegrationTests.SaleDay;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Sharding;

/// <summary>
/// A rebalance onto a database just added moves the bucket of an event in the middle of its sale (a waiting room gating
/// it, holds, a waitlist whose promotions are being booked, cancellations), its mover killed once between the copy and
/// the flip and started again: nothing oversold, nothing lost, every 201 there exactly once, the auditor clean.
/// </summary>
public sealed class RebalanceDuringSaleTests(ITestOutputHelper output)
{
    private const int Capacity = 60;
    private const int Buyers = 24;
    private const int Waitlisters = 12;
    private const int Cancels = 18;

    [Fact]
    public async Task A_rebalance_whose_mover_is_killed_mid_move_and_restarted_loses_nothing_of_a_live_sale()
    {
        var probe = new KillOnceProbe();
        await using var app = await EventlyApp.StartAsync(services: s => s.AddSingleton<IRebalanceProbe>(probe));
        var adminToken = await app.AdminTokenAsync();
        using var admin = app.ClientWithToken(adminToken);
        var databases = app.Services.GetRequiredService<ShardDataSources>();
        var name = $"evently_rebalance_{Guid.NewGuid():N}"[..40];
        var added = await admin.PostAsJsonAsync("/api/v1/admin/shards", new { database = name });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var target = (await added.JsonAsync()).GetProperty("shard").GetInt32();
        var destination = new NpgsqlConnectionStringBuilder(app.Directory) { Database = name }.ConnectionString;

        var created = await app.CreateSaleAsync(adminToken, new
        {
            salesStartAt = DateTimeOffset.UtcNow.AddSeconds(3),
            waitingRoom = new { admitPerMinute = 6000, admissionMinutes = 30, opensMinutesBefore = 30 },
        }, capacity: Capacity);
        var eventId = created.GetProperty("id").GetGuid();
        var bucket = Buckets.Of(eventId);
        var sourceShard = databases.Map.ShardOfBucket(bucket);
        var source = app.Shards[sourceShard];
        probe.Bucket = bucket;
        await SeedBallastAsync(app, adminToken, databases, bucket, sourceShard);

        var users = await app.RegisterManyAsync(Buyers + Waitlisters);
        var clients = users.Select(u => app.ClientWithToken(u.Token)).ToArray();
        foreach (var client in clients)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative), null)).StatusCode);
        }

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<Answer>();
        var booked = new ConcurrentQueue<Answer>();
        using var stop = new CancellationTokenSource();
        var buyers = new List<Task>();
        var waitlisters = new List<Task>();
        var cancels = Task.CompletedTask;
        var killedAt = TimeSpan.Zero;
        var resumedAt = TimeSpan.Zero;
        var finishedAt = TimeSpan.Zero;
        try
        {
            buyers = clients.Take(Buyers).Select((client, i) => Task.Run(() => BuyAsync(client, eventId, i % 4 == 0, clock, answers, booked, stop.Token))).ToList();
            Assert.True(await Poll.UntilAsync(() => answers.Any(a => a.Code == "sold_out"), TimeSpan.FromSeconds(60)), "the flash sale never sold out");

            var refusals = new ConcurrentQueue<string>();
            var joins = await Task.WhenAll(clients.Skip(Buyers).Select(client => Poll.UntilAsync(async () =>
            {
                using var joined = await client.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 });
                var code = joined.IsSuccessStatusCode ? null : await joined.CodeAsync();
                if (joined.StatusCode != HttpStatusCode.Created)
                {
                    refusals.Enqueue($"{(int)joined.StatusCode} {code}");
                }

                return joined.StatusCode == HttpStatusCode.Created || code == "already_waitlisted";
            }, TimeSpan.FromSeconds(30))));
            Assert.True(joins.All(j => j), "a waitlister was never let in: " + string.Join(", ", refusals.Distinct()));

            waitlisters = clients.Skip(Buyers).Select(client => Task.Run(() => TakePromotionAsync(client, eventId, clock, answers, booked, stop.Token))).ToList();
            cancels = Task.Run(() => CancelAsync(booked, clock, answers));

            // The sale goes on: cancellations feed promotions, which waitlisters book; then the rebalance starts.
            Assert.True(await Poll.UntilAsync(() => answers.Count(a => a.Kind == "cancel" && a.Status == 200) >= 3, TimeSpan.FromSeconds(30)), "no cancellation went through");
            var started = await admin.PostAsync(new Uri("/api/v1/admin/rebalance", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var plan = await started.JsonAsync();
            output.WriteLine($"rebalance planned: {plan}");
            var killed = await probe.Killed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            killedAt = clock.Elapsed;
            Assert.Equal(target, killed.To);
            Assert.True(await Poll.UntilAsync(async () => (await StatusAsync(admin)).GetProperty("state").GetString() == "interrupted", TimeSpan.FromSeconds(30)), "the killed run never read interrupted");
            var interrupted = await StatusAsync(admin);
            output.WriteLine($"after the kill: {interrupted}");
            Assert.Equal(bucket, interrupted.GetProperty("current").GetProperty("bucket").GetInt32());
            Assert.Equal(sourceShard, await ShardDirectory.ShardOfBucketAsync(databases.Directory, bucket));
            // What the dead mover left: its copy committed on the new database, which no process reads yet.
            Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(destination, "SELECT count(*) FROM events WHERE id = @e", ("e", eventId)));

            var resumed = await admin.PostAsync(new Uri("/api/v1/admin/rebalance", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
            resumedAt = clock.Elapsed;
            Assert.True(await Poll.UntilAsync(async () => (await StatusAsync(admin)).GetProperty("state").GetString() == "finished", TimeSpan.FromSeconds(180)), "the resumed run never finished");
            var finished = await StatusAsync(admin);
            finishedAt = clock.Elapsed;
            output.WriteLine($"finished: {finished}");
            Assert.Equal(finished.GetProperty("planned").GetInt32(), finished.GetProperty("done").GetInt32());
            Assert.Equal(plan.GetProperty("run").GetInt64(), finished.GetProperty("run").GetInt64());

            await cancels.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            // Whatever failed, the buyers stop, so the host can be disposed and the failure reported.
            await stop.CancelAsync();
            await Task.WhenAll(buyers.Concat(waitlisters)).WaitAsync(TimeSpan.FromSeconds(60));
        }
        var all = answers.ToList();
        output.WriteLine($"{all.Count} requests: " + string.Join(", ", all.GroupBy(a => $"{a.Kind} {a.Status} {a.Code}".Trim()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}")));
        var longest = all.MaxBy(a => a.Latency)!;
        output.WriteLine($"killed at {killedAt.TotalMilliseconds:F0} ms, resumed at {resumedAt.TotalMilliseconds:F0} ms, finished at {finishedAt.TotalMilliseconds:F0} ms; "
            + $"longest pause a client saw: {longest.Latency.TotalMilliseconds:F0} ms ({longest.Kind} answered {longest.Status} at {longest.At.TotalMilliseconds:F0} ms)");

        // The sale was live across the kill and the move: answers went through on either side of the resumed move.
        Assert.Contains(all, a => a.Status is 200 or 201 && a.At < killedAt);
        Assert.Contains(all, a => a.Status is 200 or 201 && a.At > resumedAt);
        Assert.All(all, a => Assert.Contains(a.Status, new[] { 200, 201, 204, 403, 409, 429, 503, 504 }));

        // Every 201 is on the new database exactly once, nothing of the event is left on the old one.
        var acknowledged = all.Where(a => a.Status == 201 && a.BookingId is not null).Select(a => a.BookingId!.Value).ToArray();
        Assert.Equal(acknowledged.Length, acknowledged.Distinct().Count());
        var onDestination = await TestPostgres.ScalarAsync<long>(destination, "SELECT count(*) FROM bookings WHERE id = ANY(@ids)", ("ids", acknowledged));
        Assert.True(onDestination == acknowledged.Length, $"{acknowledged.Length - onDestination} of {acknowledged.Length} bookings answered 201 are not on the new database (lost)");
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(source, "SELECT count(*) FROM bookings WHERE event_id = @e", ("e", eventId)));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(source, "SELECT count(*) FROM events WHERE id = @e", ("e", eventId)));
        Assert.Equal(target, app.ShardIndexOf(eventId));
        var cancelled = all.Where(a => a.Kind == "cancel" && a.Status == 200).Select(a => a.BookingId!.Value).ToArray();
        Assert.Equal((long)cancelled.Length, await TestPostgres.ScalarAsync<long>(destination,
            "SELECT count(*) FROM bookings WHERE id = ANY(@ids) AND status = 'cancelled'", ("ids", cancelled)));

        // Nothing oversold; every confirmed seat was answered 201, or is a 504 whose retry found it.
        var confirmed = await TestPostgres.ScalarAsync<long>(destination,
            "SELECT coalesce(sum(quantity), 0)::bigint FROM bookings WHERE event_id = @e AND status = 'confirmed'", ("e", eventId));
        Assert.True(confirmed <= Capacity, $"oversold: {confirmed} confirmed seats for {Capacity}");
        var resolved = 0;
        foreach (var unknown in all.Where(a => a.Status == 504 && a.Kind == "book"))
        {
            using var again = await unknown.Client.BookAsync(eventId, 1, unknown.Key);
            resolved += again.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK ? 1 : 0;
        }

        var stillConfirmed = await TestPostgres.ScalarAsync<long>(destination,
            "SELECT count(*) FROM bookings WHERE id = ANY(@ids) AND status = 'confirmed'", ("ids", acknowledged));
        Assert.InRange(confirmed, stillConfirmed, stillConfirmed + resolved + all.Count(a => a.Status == 504));
        var promotions = await TestPostgres.ScalarAsync<long>(destination, "SELECT count(*) FROM waitlist_promotions WHERE event_id = @e", ("e", eventId));
        output.WriteLine($"{acknowledged.Length} bookings answered 201 ({all.Count(a => a.Kind == "promoted" && a.Status == 201)} by promoted waitlisters, "
            + $"{all.Count(a => a.Kind == "confirm" && a.Status == 201)} by confirmed holds), {cancelled.Length} cancelled, {promotions} promotions, {confirmed} seats confirmed of {Capacity}");
        Assert.True(promotions > 0, "no waitlist promotion was made during the sale");

        // The auditor finds nothing on any database, the old and the new alike.
        await app.AssertInvariantsAsync();
        var audit = await (await admin.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative))).JsonAsync();
        Assert.True(audit.GetProperty("healthy").GetBoolean(), audit.ToString());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Three more buckets of rows on the sale's database, lighter than the sale's, so the planner's first move is the sale's
    /// bucket (the one nearest half the gap between that database and the new one).
    /// </summary>
    private static async Task SeedBallastAsync(EventlyApp app, string adminToken, ShardDataSources databases, int saleBucket, int shard)
    {
        // An event's bucket is its organizer's, so each ballast bucket needs an organizer of its own.
        using var user = await app.UserClientAsync();
        var buckets = new HashSet<int> { saleBucket };
        while (buckets.Count < 4)
        {
            var (organizer, token) = await app.NewOrganizerAsync(adminToken);
            var organizerBucket = Buckets.ForOrganizer(organizer);
            if (databases.Map.ShardOfBucket(organizerBucket) != shard || !buckets.Add(organizerBucket))
            {
                continue;
            }

            using var organizerClient = app.ClientWithToken(token);
            var id = await organizerClient.CreateAsync(publish: true, capacity: 10, name: "Ballast");

            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(id, 1)).StatusCode);
            }
        }
    }

    private static async Task<JsonElement> StatusAsync(HttpClient admin) =>
        await (await admin.GetAsync(new Uri("/api/v1/admin/rebalance", UriKind.Relative))).JsonAsync();

    /// <summary>Books one seat after another; a holder (every fourth buyer) holds one and confirms it instead.</summary>
    private static async Task BuyAsync(HttpClient client, Guid eventId, bool holder, Stopwatch clock, ConcurrentQueue<Answer> answers, ConcurrentQueue<Answer> booked, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var key = Guid.NewGuid().ToString("N");
            var asked = clock.Elapsed;
            using var response = holder ? await client.HoldAsync(eventId, 1, key) : await client.BookAsync(eventId, 1, key);
            var answer = await RecordAsync(holder ? "hold" : "book", client, key, response, asked, clock, answers);
            if (!holder && answer.BookingId is not null)
            {
                booked.Enqueue(answer);
            }

            if (holder && answer.Status == 201)
            {
                var asking = clock.Elapsed;
                using var confirmed = await client.ConfirmAsync(answer.HoldId!.Value);
                var booking = await RecordAsync("confirm", client, key, confirmed, asking, clock, answers);
                if (booking.BookingId is not null)
                {
                    booked.Enqueue(booking);
                }
            }

            if (answer.Code is "sales_not_open" or "admission_required" or "sold_out")
            {
                // Not yet, or nothing to buy: ask again shortly rather than flood the event's grain.
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    /// <summary>Waits for the waitlist entry's promotion and books it.</summary>
    private static async Task TakePromotionAsync(HttpClient client, Guid eventId, Stopwatch clock, ConcurrentQueue<Answer> answers, ConcurrentQueue<Answer> booked, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var mine = await client.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative), CancellationToken.None);
            if (mine.StatusCode == HttpStatusCode.OK && (await mine.JsonAsync()).GetProperty("status").GetString() == "promoted")
            {
                var key = Guid.NewGuid().ToString("N");
                var asked = clock.Elapsed;
                using var response = await client.BookAsync(eventId, 1, key);
                var answer = await RecordAsync("promoted", client, key, response, asked, clock, answers);
                if (answer.Status == 201)
                {
                    booked.Enqueue(answer);
                    return;
                }
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>Cancels bookings answered 201, one every 100 ms, by their owners: the seats go to the waitlist first.</summary>
    private static async Task CancelAsync(ConcurrentQueue<Answer> booked, Stopwatch clock, ConcurrentQueue<Answer> answers)
    {
        for (var done = 0; done < Cancels;)
        {
            if (!booked.TryDequeue(out var booking))
            {
                await Task.Delay(20, CancellationToken.None);
                continue;
            }

            var asked = clock.Elapsed;
            using var response = await booking.Client.PostAsync(new Uri($"/api/v1/bookings/{booking.BookingId}/cancel", UriKind.Relative), null);
            answers.Enqueue(new Answer("cancel", booking.Client, booking.Key, (int)response.StatusCode,
                response.IsSuccessStatusCode ? null : await response.CodeAsync(), booking.BookingId, null, clock.Elapsed - asked, clock.Elapsed));
            done++;
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<Answer> RecordAsync(string kind, HttpClient client, string key, HttpResponseMessage response, TimeSpan asked, Stopwatch clock, ConcurrentQueue<Answer> answers)
    {
        var answered = clock.Elapsed;
        Guid? booking = null;
        Guid? hold = null;
        string? code = null;
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var id = (await response.JsonAsync()).GetProperty("id").GetGuid();
            if (kind == "hold")
            {
                hold = id;
            }
            else
            {
                booking = id;
            }
        }
        else if (!response.IsSuccessStatusCode)
        {
            code = await response.CodeAsync();
        }

        var answer = new Answer(kind, client, key, (int)response.StatusCode, code, booking, hold, answered - asked, answered);
        answers.Enqueue(answer);
        return answer;
    }

    private sealed record Answer(string Kind, HttpClient Client, string Key, int Status, string? Code, Guid? BookingId, Guid? HoldId, TimeSpan Latency, TimeSpan At);
}
