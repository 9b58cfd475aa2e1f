using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>Giving up after the retry schedule, what the user and the admin see, and an admin's redelivery.</summary>
[Trait("Category", "Reliability")]
public sealed class WebhookRedeliveryTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Deliveries_given_up_after_a_day_show_as_failed_and_an_admin_redelivers_one_then_all_of_the_receiver()
    {
        var failing = true;
        await using var hook = await HookServer.StartAsync();
        hook.Respond = (_, context) =>
        {
            context.Response.StatusCode = Volatile.Read(ref failing) ? 500 : 204;
            return Task.CompletedTask;
        };
        var (eventId, users) = await fixture.WaitlistedAsync(hook.Url("first/T0K3N"), hook.Url("second"));
        var shard = fixture.App.ShardOf(eventId);
        var started = fixture.Clock.GetUtcNow();
        await fixture.ChangePriceAsync(eventId, 11m);

        // A day of the production schedule in 20-minute steps: both are tried for 24 h, then given up.
        Assert.True(await WebhookScenario.WaitForSqlAsync(shard, "SELECT count(*) = 2 FROM notifications WHERE event_id = @e AND failed_at IS NOT NULL",
            Patience, () => fixture.Advance(TimeSpan.FromMinutes(20)), ("e", eventId)), "the deliveries were not given up");
        Assert.True(fixture.Clock.GetUtcNow() - started >= TimeSpan.FromHours(24), $"given up after {fixture.Clock.GetUtcNow() - started}");
        var attempts = hook.Received.Count(r => r.Path == "/second");
        Assert.InRange(attempts, 12, 25); // 30 s, 1, 2, 4 … 64 min, then every 2 h, the last at 24 h

        // The user sees the failure on the notification.
        var mine = await (await users[0].Client.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync();
        Assert.Equal("delivery_failed", mine.GetProperty("items")[0].GetProperty("delivery").GetProperty("status").GetString());

        // The admin lists them by receiver: the origin only, never the URL's path (it may be a secret).
        var failed = await (await fixture.Admin.GetAsync(new Uri($"/api/v1/admin/webhooks/failed?receiver={Uri.EscapeDataString(hook.Origin)}", UriKind.Relative))).JsonAsync();
        Assert.Equal(2, failed.GetProperty("totalCount").GetInt64());
        var items = failed.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(hook.Origin, i.GetProperty("receiver").GetString()));
        Assert.All(items, i => Assert.StartsWith("gave up after", i.GetProperty("lastError").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain("T0K3N", failed.GetRawText(), StringComparison.Ordinal);
        var other = await (await fixture.Admin.GetAsync(new Uri("/api/v1/admin/webhooks/failed?receiver=https://elsewhere.example", UriKind.Relative))).JsonAsync();
        Assert.Equal(0, other.GetProperty("totalCount").GetInt64());

        // The receiver is fixed; one is redelivered by id, then the rest of the receiver's.
        Volatile.Write(ref failing, false);
        var firstId = await TestPostgres.ScalarAsync<Guid>(shard, "SELECT id FROM notifications WHERE user_id = @u", ("u", users[0].Id));
        var one = await fixture.Admin.PostAsync(new Uri($"/api/v1/admin/webhooks/deliveries/{firstId}/redeliver", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
        Assert.True((await one.JsonAsync()).GetProperty("queued").GetBoolean());
        Assert.True(await WebhookScenario.WaitForSqlAsync(shard, "SELECT dispatched_at IS NOT NULL FROM notifications WHERE id = @id", Patience, parameters: ("id", firstId)));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM notifications WHERE event_id = @e AND failed_at IS NOT NULL", ("e", eventId)));

        var all = await fixture.Admin.PostAsJsonAsync("/api/v1/admin/webhooks/redeliver", new { receiver = hook.Url("anything") });
        Assert.Equal(HttpStatusCode.Accepted, all.StatusCode);
        Assert.Equal(1, (await all.JsonAsync()).GetProperty("queued").GetInt64());
        Assert.True(await WebhookScenario.WaitForSqlAsync(shard, "SELECT count(*) = 2 FROM notifications WHERE event_id = @e AND dispatched_at IS NOT NULL",
            Patience, parameters: ("e", eventId)));
        var after = await (await users[1].Client.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync();
        Assert.Equal("delivered", after.GetProperty("items")[0].GetProperty("delivery").GetProperty("status").GetString());
        Assert.Equal(2, hook.Received.Select(r => r.Id).Distinct().Count());

        // Asking again for a delivered one queues it again (a receiver may have lost it).
        var before = hook.Received.Count(d => d.Id == firstId.ToString());
        var again = await fixture.Admin.PostAsync(new Uri($"/api/v1/admin/webhooks/deliveries/{firstId}/redeliver", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.True(await hook.WaitForAsync(r => r.Count(d => d.Id == firstId.ToString()) == before + 1, Patience));
    }

    [Theory]
    [InlineData("POST", "/api/v1/admin/webhooks/redeliver", "{}", 400, "validation_failed")]
    [InlineData("POST", "/api/v1/admin/webhooks/redeliver", """{"receiver":"ftp://example.com"}""", 400, "validation_failed")]
    [InlineData("POST", "/api/v1/admin/webhooks/redeliver", """{"receiver":42}""", 400, "validation_failed")]
    [InlineData("GET", "/api/v1/admin/webhooks/failed?receiver=not-a-url", null, 400, "validation_failed")]
    [InlineData("GET", "/api/v1/admin/webhooks/failed?pageSize=500", null, 400, "validation_failed")]
    [InlineData("POST", "/api/v1/admin/webhooks/deliveries/0198a1b2-0000-7000-8000-000000000000/redeliver", null, 404, "notification_not_found")]
    public async Task Bad_admin_requests_get_clear_problems(string method, string path, string? body, int status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await fixture.Admin.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await response.CodeAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_admin_webhook_endpoints()
    {
        var document = await fixture.Admin.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("/api/v1/admin/webhooks/failed", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/admin/webhooks/deliveries/{id}/redeliver", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/admin/webhooks/redeliver", document, StringComparison.Ordinal);
        Assert.Contains("delivery_failed", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_may_not_list_or_redeliver()
    {
        using var user = await fixture.App.UserClientAsync();

        var list = await user.GetAsync(new Uri("/api/v1/admin/webhooks/failed", UriKind.Relative));
        var redeliver = await user.PostAsJsonAsync("/api/v1/admin/webhooks/redeliver", new { receiver = "https://example.com" });

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, redeliver.StatusCode);
    }

    [Fact]
    public async Task The_notification_list_pages_without_counting_past_its_window()
    {
        await using var hook = await HookServer.StartAsync();
        var (eventId, users) = await fixture.WaitlistedAsync(hook.Url());
        await fixture.ChangePriceAsync(eventId, 11m);
        await fixture.ChangePriceAsync(eventId, 12m);
        await fixture.ChangePriceAsync(eventId, 13m);
        var client = users[0].Client;

        var first = await (await client.GetAsync(new Uri("/api/v1/notifications?pageSize=2", UriKind.Relative))).JsonAsync();
        var second = await (await client.GetAsync(new Uri("/api/v1/notifications?page=2&pageSize=2", UriKind.Relative))).JsonAsync();
        var tooDeep = await client.GetAsync(new Uri("/api/v1/notifications?page=51&pageSize=20", UriKind.Relative));

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(3, first.GetProperty("totalCount").GetInt64());
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        var newest = first.GetProperty("items")[0];
        Assert.Equal(13m, newest.GetProperty("payload").GetProperty("newPrice").GetDecimal());
        Assert.Contains(newest.GetProperty("delivery").GetProperty("status").GetString(), new[] { "pending", "delivered" });
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);
        Assert.Equal("validation_failed", await tooDeep.CodeAsync());
    }
}
