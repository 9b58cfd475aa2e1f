using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Bookings;

public sealed class IdempotencyTests
{
    [Fact]
    public async Task Sixteen_parallel_retries_with_one_key_make_one_booking_and_survive_a_restart()
    {
        Guid eventId;
        Guid userId;
        string token;
        Guid bookingId;
        Dictionary<string, string?> sameDatabases;
        await using (var app = await EventlyApp.StartAsync())
        {
            var admin = await app.AdminTokenAsync();
            eventId = await app.CreateEventAsync(admin, capacity: 100);
            (userId, token) = await app.RegisterAsync();
            using var client = app.ClientWithToken(token);

            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.BookAsync(eventId, 2, "retry-key-1")));
            var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("id").GetGuid()));

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Single(ids.Distinct());
            Assert.Equal(2, await app.SoldAsync(eventId));
            var reused = await client.BookAsync(eventId, 3, "retry-key-1");
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
            Assert.Equal("idempotency_key_reused", await reused.CodeAsync());
            bookingId = ids[0];
            sameDatabases = new Dictionary<string, string?> { ["ConnectionStrings:Directory"] = app.Directory };
            for (var i = 0; i < app.Shards.Count; i++)
            {
                sameDatabases[$"ConnectionStrings:Shard{i}"] = app.Shards[i];
            }
        }

        // A new process on the same databases: the event grain is activated afresh and must still know the key.
        await using var restarted = await EventlyApp.StartAsync(sameDatabases);
        using var again = restarted.ClientWithToken(await restarted.LoginAsync(await EmailOfAsync(restarted, userId), "Password-123"));
        var retry = await again.BookAsync(eventId, 2, "retry-key-1");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(bookingId, (await retry.JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(2, await restarted.SoldAsync(eventId));
        await restarted.AssertInvariantsAsync();
    }

    private static Task<string> EmailOfAsync(EventlyApp app, Guid userId) =>
        TestPostgres.ScalarAsync<string>(app.Directory, "SELECT email FROM users WHERE id = @id", ("id", userId));
}
