using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Migrations;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.IntegrationTests.Sharding;

/// <summary>Adding a shard database and moving a bucket of a quiet event to it, through the admin API.</summary>
public sealed class ShardAdministrationTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    private ShardDataSources Databases => App.Services.GetRequiredService<ShardDataSources>();

    [Fact]
    public async Task Adding_a_database_creates_it_migrates_it_and_registers_it_holding_no_bucket()
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var before = await MapAsync(admin);
        var name = $"evently_added_{Guid.NewGuid():N}"[..40];

        var added = await admin.PostAsJsonAsync("/api/v1/admin/shards", new { database = name });
        var again = await admin.PostAsJsonAsync("/api/v1/admin/shards", new { database = name });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var body = await added.JsonAsync();
        var shard = body.GetProperty("shard").GetInt32();
        Assert.Equal(before.GetProperty("shards").GetArrayLength(), shard);
        Assert.Equal(0, body.GetProperty("buckets").GetInt32());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(shard, (await again.JsonAsync()).GetProperty("shard").GetInt32());

        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(App.Directory, "SELECT count(*) FROM pg_database WHERE datname = @n", ("n", name)));
        var database = new NpgsqlConnectionStringBuilder(App.Directory) { Database = name }.ConnectionString;
        Assert.Equal((long)SchemaMigrator.Scripts("shard").Count, await TestPostgres.ScalarAsync<long>(database, "SELECT count(*) FROM schema_versions"));

        var after = await MapAsync(admin);
        Assert.Equal(before.GetProperty("epoch").GetInt64() + 1, after.GetProperty("epoch").GetInt64());
        var shards = after.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(shard + 1, shards.Count);
        Assert.Equal(name, shards[shard].GetProperty("database").GetString());
        Assert.Equal(0, shards[shard].GetProperty("buckets").GetInt32());
        Assert.Equal(Buckets.Count, shards.Sum(s => s.GetProperty("buckets").GetInt32()));
        Assert.True(Databases.Shards.Count > shard);
    }

    [Theory]
    [InlineData("""{"database":"Not-A-Name"}""", "database")]
    [InlineData("""{}""", "database")]
    [InlineData("""{"database":"evently_x","port":5433}""", "port")]
    public async Task A_database_that_cannot_be_added_is_refused_with_the_field_named(string json, string field)
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var epoch = (await MapAsync(admin)).GetProperty("epoch").GetInt64();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PostAsync(new Uri("/api/v1/admin/shards", UriKind.Relative), content);

        var problem = await response.AssertProblemAsync(400, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(epoch, (await MapAsync(admin)).GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task The_directory_database_cannot_be_added_as_a_shard()
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var directory = new NpgsqlConnectionStringBuilder(App.Directory).Database;

        var response = await admin.PostAsJsonAsync("/api/v1/admin/shards", new { database = directory });

        await response.AssertProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task A_database_registered_by_another_process_is_opened_by_the_periodic_epoch_check()
    {
        var (_, extra) = await TestPostgres.CreateDatabasesAsync(1);
        await SchemaMigrator.MigrateAsync(extra[0], "shard", NullLogger.Instance);
        var count = Databases.Shards.Count;

        // Registered straight in the directory, as another front end's command would: this process learns it by polling.
        var (added, _) = await ShardDirectory.RegisterAsync(Databases.Directory, null, null, new NpgsqlConnectionStringBuilder(extra[0]).Database!);

        await Poll.AssertAsync(() => Databases.Shards.Count > added.Ordinal, TimeSpan.FromSeconds(15));
        Assert.True(Databases.Shards.Count > count);
        Assert.Equal(await ShardDirectory.ReadEpochAsync(Databases.Directory), Databases.Map.Epoch);
    }

    [Fact]
    public async Task Moving_a_quiet_events_bucket_keeps_the_event_and_its_bookings_and_new_bookings_go_to_the_new_database()
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var name = $"evently_move_{Guid.NewGuid():N}"[..40];
        var target = (await (await admin.PostAsJsonAsync("/api/v1/admin/shards", new { database = name })).JsonAsync()).GetProperty("shard").GetInt32();
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 20, name: "Moving concert");
        using var user = await App.UserClientAsync();
        var kept = (await (await user.BookAsync(eventId, 2)).JsonAsync()).GetProperty("id").GetGuid();
        var cancelled = (await (await user.BookAsync(eventId, 3)).JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsync(new Uri($"/api/v1/bookings/{cancelled}/cancel", UriKind.Relative), null)).StatusCode);
        var bucket = Buckets.Of(eventId);
        var source = App.Shards[Databases.Map.ShardOfBucket(bucket)];
        var destination = new NpgsqlConnectionStringBuilder(App.Directory) { Database = name }.ConnectionString;
        var sales = await DailySalesAsync(source, eventId);
        var reads = await ReadAllAsync(user, eventId, kept, cancelled);
        var epoch = Databases.Map.Epoch;

        var moved = await admin.PostAsJsonAsync($"/api/v1/admin/buckets/{bucket}/move", new { toShard = target });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var move = await moved.JsonAsync();
        Assert.Equal(target, move.GetProperty("toShard").GetInt32());
        Assert.True(move.GetProperty("events").GetInt32() >= 1);
        Assert.Equal(epoch + 1, move.GetProperty("epoch").GetInt64());
        Assert.Equal(target, Databases.Map.ShardOfId(eventId));
        Assert.Equal(reads, await ReadAllAsync(user, eventId, kept, cancelled));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(source, "SELECT count(*) FROM bookings WHERE event_id = @e", ("e", eventId)));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(source, "SELECT count(*) FROM events WHERE id = @e", ("e", eventId)));
        Assert.Equal(2L, await TestPostgres.ScalarAsync<long>(destination, "SELECT count(*) FROM bookings WHERE event_id = @e", ("e", eventId)));
        Assert.Equal(sales, await DailySalesAsync(destination, eventId));
        Assert.Equal("", await DailySalesAsync(source, eventId));

        var after = await user.BookAsync(eventId, 4);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(3L, await TestPostgres.ScalarAsync<long>(destination, "SELECT count(*) FROM bookings WHERE event_id = @e", ("e", eventId)));
        Assert.Equal(14, (await (await user.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync()).GetProperty("availableSeats").GetInt32());
        await App.AssertInvariantsAsync();

        // The background readers of this process follow the bucket to the database added after they started: browse
        // catches up with a change made there, and the webhook outbox there is polled.
        var renamed = $"Renamed {Guid.NewGuid():N}";
        await TestPostgres.ExecuteAsync(destination, $"UPDATE events SET name = '{renamed}', version = version + 1, updated_at = now() WHERE id = '{eventId}'");
        await TestPostgres.ExecuteAsync(destination, $$"""
            INSERT INTO notifications (id, user_id, event_id, kind, payload, webhook_url, next_attempt_at)
            VALUES ('{{Guid.CreateVersion7()}}', '{{Guid.CreateVersion7()}}', '{{eventId}}', 'booking_confirmed', '{}', 'http://127.0.0.1:1/hook', now())
            """);
        await Poll.AssertAsync(async () => (await (await user.GetAsync(new Uri($"/api/v1/events?q={renamed}", UriKind.Relative))).JsonAsync())
            .GetProperty("totalCount").GetInt32() == 1, TimeSpan.FromSeconds(15));
        await Poll.AssertAsync(async () => await TestPostgres.ScalarAsync<long>(destination,
            "SELECT count(*) FROM notifications WHERE event_id = @e AND delivery_started_at IS NOT NULL", ("e", eventId)) == 1, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_move_to_the_shard_already_holding_the_bucket_moves_nothing_and_an_unknown_shard_is_refused()
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var epoch = Databases.Map.Epoch;
        var holder = Databases.Map.ShardOfBucket(3);

        var same = await (await admin.PostAsJsonAsync("/api/v1/admin/buckets/3/move", new { toShard = holder })).JsonAsync();
        var unknown = await admin.PostAsJsonAsync("/api/v1/admin/buckets/3/move", new { toShard = 999 });
        var outside = await admin.PostAsJsonAsync($"/api/v1/admin/buckets/{Buckets.Count}/move", new { toShard = holder });

        Assert.Equal(0, same.GetProperty("events").GetInt32());
        Assert.Equal(epoch, Databases.Map.Epoch);
        await unknown.AssertProblemAsync(400, "validation_failed");
        await outside.AssertProblemAsync(400, "validation_failed");
    }

    private static async Task<JsonElement> MapAsync(HttpClient admin) =>
        await (await admin.GetAsync(new Uri("/api/v1/admin/shards", UriKind.Relative))).JsonAsync();

    private static async Task<string> ReadAllAsync(HttpClient user, Guid eventId, params Guid[] bookings)
    {
        var parts = new List<string> { await user.GetStringAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative)) };
        foreach (var booking in bookings)
        {
            parts.Add(await user.GetStringAsync(new Uri($"/api/v1/bookings/{booking}", UriKind.Relative)));
        }

        return string.Join('\n', parts);
    }

    private static async Task<string> DailySalesAsync(string shard, Guid eventId) =>
        await TestPostgres.ScalarAsync<string?>(shard, """
            SELECT coalesce(string_agg(concat_ws(',', day, bookings, confirmed, cancelled, tickets_sold, revenue, cancellations), ';' ORDER BY day), '')
            FROM event_daily_sales WHERE event_id = @e
            """, ("e", eventId)) ?? "";
}
