using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Bookings;

public sealed class BackpressureTests
{
    [Fact]
    public async Task Past_the_pending_limit_an_event_answers_429_with_retry_after_and_sells_the_rest_correctly()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:Booking:MaxPendingPerEvent"] = "2" });
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 1000);
        var users = await app.RegisterManyAsync(10);
        var clients = users.Select(u => app.ClientWithToken(u.Token)).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => clients[i % clients.Length].BookAsync(eventId, 1)));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter is not null, "429 without Retry-After"));
        Assert.Equal("rate_limited", await limited[0].CodeAsync());
        Assert.Equal(300, limited.Count + created);
        Assert.Equal(created, await app.SoldAsync(eventId));
        await app.AssertInvariantsAsync();
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
