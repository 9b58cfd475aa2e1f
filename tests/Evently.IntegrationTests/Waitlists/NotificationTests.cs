using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Waitlists;

public sealed class NotificationTests
{
    [Fact]
    public async Task Failing_webhooks_are_retried_with_back_off_then_given_up_and_recorded()
    {
        using var receiver = new WebhookReceiver { Answer = HttpStatusCode.InternalServerError };
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:Webhooks:AllowedHosts:0"] = $"127.0.0.1:{receiver.Port}",
            ["Evently:Webhooks:MaxAttempts"] = "3",
            ["Evently:Webhooks:InitialBackoff"] = "00:00:00.200",
            ["Evently:Webhooks:PollInterval"] = "00:00:00.100",
        });
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var eventId = await app.CreateEventAsync(admin, capacity: 1, price: 10m);
        var (waiterId, waiterToken) = await app.RegisterAsync();
        using var buyer = await app.UserClientAsync();
        using var waiter = app.ClientWithToken(waiterToken);
        Assert.Equal(HttpStatusCode.Created, (await buyer.BookAsync(eventId, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { notificationPreferences = new { webhookUrl = receiver.Url } })).StatusCode);

        // A price change reaches waitlisted users: in-app and through their webhook.
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 12m, reason = "demand" })).StatusCode);
        var shard = app.ShardOf(eventId);
        var error = "";
        await Poll.UntilAsync(
            async () => (error = await TestPostgres.ScalarAsync<string>(shard, "SELECT coalesce(max(last_error), '') FROM notifications WHERE user_id = @u", ("u", waiterId))).StartsWith("gave up", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(200));

        var notes = await (await waiter.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync();
        Assert.StartsWith("gave up after 3 attempts", error, StringComparison.Ordinal);
        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.Contains("price_changed", r.Body, StringComparison.Ordinal));
        var note = Assert.Single(notes.GetProperty("items").EnumerateArray());
        Assert.Equal("price_changed", note.GetProperty("kind").GetString());
        Assert.Equal(12m, note.GetProperty("payload").GetProperty("newPrice").GetDecimal());
    }
}
