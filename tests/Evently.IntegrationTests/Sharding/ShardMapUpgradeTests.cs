using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Sharding;

/// <summary>An install from before the map was data gets the map it already routes by, with no row moved.</summary>
public sealed class ShardMapUpgradeTests
{
    [Fact]
    public async Task An_install_without_the_map_tables_is_migrated_to_bucket_modulo_n_and_finds_its_events_and_bookings()
    {
        string directory;
        Dictionary<string, string?> databases;
        Guid eventId, bookingId;
        string token;
        await using (var before = await EventlyApp.StartAsync(shards: 3))
        {
            directory = before.Directory;
            databases = new Dictionary<string, string?> { ["ConnectionStrings:Directory"] = directory };
            for (var i = 0; i < before.Shards.Count; i++)
            {
                databases[$"ConnectionStrings:Shard{i}"] = before.Shards[i];
            }

            var admin = await before.AdminTokenAsync();
            eventId = await before.CreateEventAsync(admin, capacity: 10);
            (_, token) = await before.RegisterAsync();
            using var user = before.ClientWithToken(token);
            bookingId = (await (await user.BookAsync(eventId, 2)).JsonAsync()).GetProperty("id").GetGuid();
        }

        // As it was before migration 0013: no map in the directory.
        await TestPostgres.ExecuteAsync(directory, """
            DROP TABLE bucket_map; DROP TABLE shard_databases; DROP TABLE shard_map_epoch;
            DELETE FROM schema_versions WHERE version = '0013_shard_map'
            """);

        await using var after = await EventlyApp.StartAsync(databases, shards: 3);
        using var client = after.ClientWithToken(token);
        var booking = await client.GetAsync(new Uri($"/api/v1/bookings/{bookingId}", UriKind.Relative));
        var anEvent = await client.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, booking.StatusCode);
        Assert.Equal(2, (await booking.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quantity").GetInt32());
        Assert.Equal(HttpStatusCode.OK, anEvent.StatusCode);
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM bucket_map WHERE ordinal <> bucket % 3"));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(directory, "SELECT epoch FROM shard_map_epoch"));
    }
}
