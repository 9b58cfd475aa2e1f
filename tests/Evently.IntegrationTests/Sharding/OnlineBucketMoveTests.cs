using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Sharding;

/// <summary>Moving the bucket of an event while its flash sale runs: the writers are fenced for the move, nothing is lost.</summary>
public sealed class OnlineBucketMoveTests(AdminAppFixture fixture, ITestOutputHelper output) : IClassFixture<AdminAppFixture>
{
    private const int Capacity = 200;
    private const int Buyers = 40;

    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Moving_the_bucket_of_an_event_in_a_flash_sale_loses_no_booking_and_oversells_nothing()
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var name = $"evently_online_{Guid.NewGuid():N}"[..40];
        var added = await admin.PostAsJsonAsync("/api/v1/admin/shards", new { database = name });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var target = (await added.JsonAsync()).GetProperty("shard").GetInt32();
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: Capacity, name: "Flash sale on the move");
        var bucket = Buckets.Of(eventId);
        var databases = App.Services.GetRequiredService<ShardDataSources>();
        var source = App.Shards[databases.Map.ShardOfBucket(bucket)];
        var destination = new NpgsqlConnectionStringBuilder(App.Directory) { Database = name }.ConnectionString;
        var clients = (await App.RegisterManyAsync(Buyers)).Select(u => App.ClientWithToken(u.Token)).ToArray();
        var answers = new ConcurrentQueue<Answer>();
        using var stop = new CancellationTokenSource();

        var sale = Task.WhenAll(clients.Select(client => Task.Run(() => BuyAsync(client, eventId, answers, stop.Token))));
        Assert.True(await Poll.UntilAsync(() => answers.Count(a => a.Status == 201) >= Buyers, TimeSpan.FromSeconds(60)), "the sale never got going");
        var soldWhenTheMoveStarted = answers.Count(a => a.Status == 201);
        output.WriteLine($"{soldWhenTheMoveStarted} bookings answered 201 when the move started");
        var moving = Stopwatch.StartNew();
        var moved = await admin.PostAsJsonAsync($"/api/v1/admin/buckets/{bucket}/move", new { toShard = target });
        moving.Stop();
        var soldOut = await Poll.UntilAsync(() => answers.Any(a => a.Code == "sold_out"), TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await sale;

        var all = answers.ToList();
        var acknowledged = all.Where(a => a.Status == 201).Select(a => a.BookingId!.Value).ToArray();
        var longest = all.Max(a => a.Latency);
        output.WriteLine($"move answered {(int)moved.StatusCode} in {moving.ElapsedMilliseconds} ms; {all.Count} requests: "
            + string.Join(", ", all.GroupBy(a => $"{a.Status} {a.Code}".Trim()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"))
            + $"; longest pause a client saw {longest.TotalMilliseconds:F0} ms");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.True(soldOut, "the sale never sold out after the move");
        Assert.True(soldWhenTheMoveStarted < Capacity, "the sale was over before the move: nothing was moved mid-sale");

        var onDestination = await TestPostgres.ScalarAsync<long>(destination, "SELECT count(*) FROM bookings WHERE id = ANY(@ids)", ("ids", acknowledged));
        var onSource = await TestPostgres.ScalarAsync<long>(source, "SELECT count(*) FROM bookings WHERE id = ANY(@ids)", ("ids", acknowledged));
        var confirmed = await TestPostgres.ScalarAsync<long>(destination,
            "SELECT coalesce(sum(quantity), 0)::bigint FROM bookings WHERE event_id = @e AND status = 'confirmed'", ("e", eventId));
        Assert.Equal(acknowledged.Length, acknowledged.Distinct().Count());
        Assert.True(onDestination == acknowledged.Length, $"{acknowledged.Length - onDestination} of {acknowledged.Length} acknowledged bookings are not on the new database (lost)");
        Assert.Equal(0L, onSource);
        Assert.True(confirmed <= Capacity, $"oversold: {confirmed} confirmed seats for {Capacity}");
        output.WriteLine($"{acknowledged.Length} bookings answered 201, {confirmed} seats confirmed on the new database");
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(source, "SELECT count(*) FROM events WHERE id = @e", ("e", eventId)));
        Assert.All(all, a => Assert.Contains(a.Status, new[] { 201, 409, 503, 504 }));

        // A 504 left its outcome unknown: asking again with its key must tell (its booking, or nothing was sold).
        var resolved = 0;
        foreach (var unknown in all.Where(a => a.Status == 504))
        {
            using var again = await unknown.Client.BookAsync(eventId, 1, unknown.Key);
            Assert.Contains((int)again.StatusCode, new[] { 201, 409 });
            resolved += again.StatusCode == HttpStatusCode.Created ? 1 : 0;
        }

        // Every confirmed seat was answered 201 (a 503 sold nothing), or is a 504 whose retry found it.
        Assert.InRange(confirmed, acknowledged.Length, acknowledged.Length + resolved);

        var audit = await (await admin.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative))).JsonAsync();
        Assert.True(audit.GetProperty("healthy").GetBoolean(), audit.ToString());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static async Task BuyAsync(HttpClient client, Guid eventId, ConcurrentQueue<Answer> answers, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var key = Guid.NewGuid().ToString("N");
            var clock = Stopwatch.StartNew();
            using var response = await client.BookAsync(eventId, 1, key);
            var id = response.StatusCode == HttpStatusCode.Created ? (await response.JsonAsync()).GetProperty("id").GetGuid() : (Guid?)null;
            var code = response.IsSuccessStatusCode ? null : await response.CodeAsync();
            answers.Enqueue(new Answer(client, key, (int)response.StatusCode, code, id, clock.Elapsed));
        }
    }

    private sealed record Answer(HttpClient Client, string Key, int Status, string? Code, Guid? BookingId, TimeSpan Latency);
}
