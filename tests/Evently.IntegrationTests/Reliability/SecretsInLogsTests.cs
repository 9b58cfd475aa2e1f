using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// A full scenario with the host's logs captured (Evently and ASP.NET Core at Debug): sign-ups, failed and good
/// sign-ins, an event, bookings, a cancellation that promotes a waitlisted user with a webhook, admin edits. No line
/// may hold a password, the token signing key, an issued token or the webhook signing secret.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class SecretsInLogsTests(ITestOutputHelper output)
{
    private const string AdminEmail = "ops@evently.test";

    [Fact]
    public async Task A_full_scenario_logs_no_password_key_token_or_webhook_secret()
    {
        using var receiver = new WebhookReceiver();
        var secrets = new List<string>
        {
            $"log-scan-signing-key-{Guid.NewGuid():N}",
            $"log-scan-webhook-secret-{Guid.NewGuid():N}",
            $"Admin-Pass-{Guid.NewGuid():N}",
        };
        var logs = new LogCapture();
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:Jwt:SigningKey"] = secrets[0],
            ["Evently:Webhooks:SigningSecret"] = secrets[1],
            ["Evently:Webhooks:AllowedHosts:0"] = $"127.0.0.1:{receiver.Port}",
            ["Evently:Admin:Email"] = AdminEmail,
            ["Evently:Admin:Password"] = secrets[2],
        }, shards: 2, environment: "Production", logs: logs);
        using var anonymous = app.CreateClient();
        string alicePassword = $"Alice-{Guid.NewGuid():N}", bobPassword = $"Bob-{Guid.NewGuid():N}", wrongPassword = $"Guess-{Guid.NewGuid():N}";
        secrets.AddRange([alicePassword, bobPassword, wrongPassword]);

        var alice = await RegisterAsync(anonymous, "alice", alicePassword);
        await RegisterAsync(anonymous, "bob", bobPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = alice.Email, password = wrongPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = wrongPassword })).StatusCode);
        var aliceToken = await app.LoginAsync(alice.Email, alicePassword);
        var bobToken = await app.LoginAsync("bob@example.com", bobPassword);
        var adminToken = await app.LoginAsync(AdminEmail, secrets[2]);
        secrets.AddRange([aliceToken, bobToken, adminToken]);
        // The signature alone is as good as the key for a token; a log must not hold it either.
        secrets.AddRange(new[] { aliceToken, bobToken, adminToken }.Select(t => t[(t.LastIndexOf('.') + 1)..]));
        using var adminClient = app.ClientWithToken(adminToken);
        using var aliceClient = app.ClientWithToken(aliceToken);
        using var bobClient = app.ClientWithToken(bobToken);

        var created = await adminClient.PostAsJsonAsync("/api/v1/events", new
        {
            name = "Log scan", venue = "Hall", eventDate = DateTimeOffset.UtcNow.AddDays(10), totalCapacity = 1, price = 20m,
        });
        var eventId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var booked = await aliceClient.BookAsync(eventId, 1, "alice-key-1");
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal("sold_out", await (await bobClient.BookAsync(eventId, 1)).CodeAsync());
        var joined = await bobClient.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1, notificationPreferences = new { inApp = true, webhookUrl = receiver.Url } });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var cancelled = await aliceClient.PostAsync(new Uri($"/api/v1/bookings/{(await booked.JsonAsync()).GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await Poll.UntilAsync(() => !receiver.Received.IsEmpty, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));

        Assert.False(receiver.Received.IsEmpty, "the promotion's webhook never arrived");
        Assert.Equal(HttpStatusCode.Created, (await bobClient.BookAsync(eventId, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 25m, reason = "log scan" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync(new Uri("/api/v1/admin/users?email=alice", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PatchAsJsonAsync($"/api/v1/admin/users/{alice.Id}", new { isActive = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aliceClient.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
        using var tampered = app.ClientWithToken(aliceToken[..^4] + (aliceToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync(new Uri("/api/v1/bookings", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bobClient.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).StatusCode);

        var lines = logs.Lines.ToList();
        output.WriteLine($"{lines.Count} log lines captured");
        Assert.True(lines.Count(l => l.Contains(" Microsoft.AspNetCore.", StringComparison.Ordinal)) > 50, "the capture saw too little of ASP.NET Core's logging to prove anything");
        var leaks = lines.SelectMany(line => secrets.Where(s => line.Contains(s, StringComparison.Ordinal)).Select(s => $"{Mask(s)} in: {line}")).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(10)));
    }

    private static async Task<(Guid Id, string Email)> RegisterAsync(HttpClient client, string name, string password)
    {
        var email = $"{name}@example.com";
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, name, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.JsonAsync()).GetProperty("id").GetGuid(), email);
    }

    private static string Mask(string secret) => secret.Length <= 8 ? "****" : $"{secret[..4]}…{secret[^4..]}";
}
