using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Login_and_register_share_a_per_address_limit_answered_with_429_and_Retry_After()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:RateLimits:PerAddressPermits"] = "4",
            ["Evently:RateLimits:PerAddressWindowSeconds"] = "60",
        });
        using var client = app.CreateClient();

        var allowed = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            allowed.Add(await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody-{i}@example.com", password = "Password-123" }));
        }

        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "Password-123" });
        var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "new@example.com", name = "New", password = "Password-123" });
        var other = await client.GetAsync(new Uri("/api/v1/events", UriKind.Relative));

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        foreach (var limited in new[] { login, register })
        {
            await limited.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Registrations_are_limited_per_email_and_successful_logins_do_not_count()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:RateLimits:Login:FreeFailures"] = "3",
            ["Evently:RateLimits:RegistrationsPerEmail"] = "2",
        });
        var victim = $"victim-{Guid.NewGuid():N}@example.com";
        var bystander = $"bystander-{Guid.NewGuid():N}@example.com";
        await app.RegisterAsync(victim);
        await app.RegisterAsync(bystander);
        using var client = app.CreateClient();

        // Successful logins are not counted: more of them than the limit still pass.
        for (var i = 0; i < 5; i++)
        {
            await app.LoginAsync(victim, "Password-123");
        }

        for (var i = 0; i < 3; i++)
        {
            var guess = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = victim, password = $"Guess-{i}-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        // The same address (any spelling of the email) is slowed down; another email is not.
        var slowed = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = victim.ToUpperInvariant(), password = "Password-123" });
        var unaffected = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = bystander, password = "Password-123" });
        var again = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = bystander, name = "B", password = "Password-123" });
        var limitedRegistration = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = bystander, name = "B", password = "Password-123" });

        await slowed.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(slowed.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
        await again.ProblemAsync(HttpStatusCode.Conflict, "email_taken");
        await limitedRegistration.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
