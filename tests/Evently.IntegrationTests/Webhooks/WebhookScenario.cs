using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>How the webhook tests make notifications: waitlisted users with webhooks on a sold-out event, and price changes.</summary>
public static class WebhookScenario
{
    /// <summary>
    /// A sold-out event with one waitlisted user per URL in <paramref name="webhookUrls"/>; every price change then writes
    /// one <c>price_changed</c> notification per user. Returns the event and the users (in the order of the URLs).
    /// </summary>
    public static async Task<(Guid EventId, (Guid Id, HttpClient Client)[] Users)> WaitlistedAsync(EventlyApp app, string adminToken, params string[] webhookUrls)
    {
        var eventId = await app.CreateEventAsync(adminToken, capacity: 1, price: 10m);
        using var buyer = await app.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await buyer.BookAsync(eventId, 1)).StatusCode);
        var users = new List<(Guid, HttpClient)>();
        foreach (var url in webhookUrls)
        {
            var (id, token) = await app.RegisterAsync();
            var client = app.ClientWithToken(token);
            var joined = await client.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { notificationPreferences = new { webhookUrl = url } });
            Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
            users.Add((id, client));
        }

        return (eventId, users.ToArray());
    }

    /// <summary>Changes the event's price: one <c>price_changed</c> notification per waitlisted user.</summary>
    public static async Task ChangePriceAsync(HttpClient admin, Guid eventId, decimal price) =>
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price, reason = "webhook test" })).StatusCode);

    /// <summary>Waits (up to <paramref name="timeout"/>) until <paramref name="sql"/> on <paramref name="shard"/> returns true, calling <paramref name="step"/> between checks.</summary>
    public static async Task<bool> WaitForSqlAsync(string shard, string sql, TimeSpan timeout, Action? step = null, params (string Name, object Value)[] parameters)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await TestPostgres.ScalarAsync<bool>(shard, sql, parameters))
            {
                return true;
            }

            step?.Invoke();
            await Task.Delay(50);
        }

        return await TestPostgres.ScalarAsync<bool>(shard, sql, parameters);
    }
}
