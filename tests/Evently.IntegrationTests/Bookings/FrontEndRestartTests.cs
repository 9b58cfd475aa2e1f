using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Evently.IntegrationTests.Bookings;

public sealed class FrontEndRestartTests
{
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Clients_retrying_with_their_keys_after_a_front_end_restart_get_their_original_bookings()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        var databases = await TestSilo.PrepareAsync(directory, shards);
        using var silo = await TestSilo.StartAsync(databases);
        var overrides = TestSilo.ClientOverrides(directory, shards);
        var keys = Enumerable.Range(0, 40).Select(i => $"order-{i}").ToList();
        Guid eventId;
        string token;
        Dictionary<string, Guid> first;
        await using (var frontEnd = await EventlyApp.StartAsync(overrides, shards: 2))
        {
            eventId = await frontEnd.CreateEventAsync(await frontEnd.AdminTokenAsync(), capacity: 1000);
            (_, token) = await frontEnd.RegisterAsync();
            using var client = frontEnd.ClientWithToken(token);
            var responses = await Task.WhenAll(keys.Select(k => client.BookAsync(eventId, 1, k)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            first = (await Task.WhenAll(keys.Select(async (k, i) => (k, (await responses[i].JsonAsync()).GetProperty("id").GetGuid())))).ToDictionary(x => x.k, x => x.Item2);
        }

        await using var restarted = await EventlyApp.StartAsync(overrides, shards: 2);
        using var again = restarted.ClientWithToken(token);
        var retries = await Task.WhenAll(keys.Select(k => again.BookAsync(eventId, 1, k)));
        var retried = await Task.WhenAll(keys.Select(async (k, i) => (k, (await retries[i].JsonAsync()).GetProperty("id").GetGuid())));

        Assert.All(retries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(retried, r => Assert.Equal(first[r.k], r.Item2));
        Assert.Equal(keys.Count, await restarted.SoldAsync(eventId));
        await restarted.AssertInvariantsAsync();
        await silo.StopAsync();
    }
}
