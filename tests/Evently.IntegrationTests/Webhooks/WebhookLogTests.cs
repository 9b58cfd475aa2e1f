using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>A webhook URL's path may be its secret (Slack-style): no log line may hold it, at any level captured.</summary>
[Trait("Category", "Reliability")]
public sealed class WebhookLogTests
{
    [Fact]
    public async Task Failing_deliveries_log_the_receivers_origin_never_the_urls_path()
    {
        var pathSecret = $"T{Guid.NewGuid():N}/B{Guid.NewGuid():N}";
        await using var hook = await HookServer.StartAsync();
        hook.Respond = (_, context) =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        var logs = new LogCapture();
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:Jwt:SigningKey"] = $"log-scan-signing-key-{Guid.NewGuid():N}",
            ["Evently:Webhooks:SigningSecret"] = $"log-scan-webhook-secret-{Guid.NewGuid():N}",
            ["Evently:Webhooks:AllowedHosts:0"] = "127.0.0.1",
            ["Evently:Webhooks:InitialBackoff"] = "00:00:00.100",
            ["Evently:Webhooks:MaxAttempts"] = "3",
            ["Evently:Webhooks:PollInterval"] = "00:00:00.050",
            ["Evently:Admin:Email"] = "admin@evently.test",
            ["Evently:Admin:Password"] = "Admin-Password-1!",
        }, shards: 2, environment: "Production", logs: logs);
        using var admin = app.ClientWithToken(await app.LoginAsync("admin@evently.test", "Admin-Password-1!"));
        var created = await admin.PostAsJsonAsync("/api/v1/events", new { name = "Logs", venue = "Hall", eventDate = DateTimeOffset.UtcNow.AddDays(10), totalCapacity = 1, price = 20m });
        var eventId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        using var buyer = await app.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await buyer.BookAsync(eventId, 1)).StatusCode);
        using var waiter = await app.UserClientAsync();
        var joined = await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { notificationPreferences = new { webhookUrl = hook.Url($"services/{pathSecret}") } });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 25m, reason = "log scan" })).StatusCode);
        Assert.True(await hook.WaitForAsync(r => r.Count >= 3, TimeSpan.FromSeconds(20)), "the retries never happened");
        await Poll.UntilAsync(() => logs.Lines.Any(l => l.Contains("given up", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("attempt 1 failed", StringComparison.Ordinal) && l.Contains(hook.Origin, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("given up", StringComparison.Ordinal));
        var leaks = lines.Where(l => l.Contains(pathSecret[..10], StringComparison.Ordinal) || l.Contains("/services/", StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(5)));
    }
}
