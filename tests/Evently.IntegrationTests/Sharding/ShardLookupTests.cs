using System.Net;
using System.Net.Http.Json;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Sharding;

/// <summary>The tests' own lookup of an id's shard (<see cref="EventlyApp.ShardIndexOf"/>) follows the map, not bucket % N.</summary>
public sealed class ShardLookupTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task After_a_bucket_moved_the_tests_look_for_its_event_where_the_map_now_puts_it()
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10, name: "Moved for the lookup");
        var bucket = Buckets.Of(eventId);
        var target = (new ShardMap(App.Shards.Count).ShardOfBucket(bucket) + 1) % App.Shards.Count;

        var moved = await admin.PostAsJsonAsync($"/api/v1/admin/buckets/{bucket}/move", new { toShard = target });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(target, App.ShardIndexOf(eventId));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(App.ShardOf(eventId), "SELECT count(*) FROM events WHERE id = @e", ("e", eventId)));
    }
}
