using System.Net;
using System.Net.Http.Json;
using Evently.Contracts.Users;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Findings 4 and 5 over HTTP: nobody can lock an account out (failures count per email and client address, in the
/// cluster), registrations have their own per-address limit, and password hashing has a cap.
/// </summary>
public sealed class LockoutTests
{
    private const string Attacker = "203.0.113.66";
    private const string Owner = "198.51.100.7";

    [Fact]
    public async Task Wrong_passwords_from_an_attacker_never_lock_out_the_owner_admin_included()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:RateLimits:Login:FreeFailures"] = "5" });
        using var client = app.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add((await LoginAsync(client, Attacker, EventlyApp.AdminEmail, $"Wrong-guess-{i}")).StatusCode);
        }

        var attackerWithRightPassword = await LoginAsync(client, Attacker, EventlyApp.AdminEmail, EventlyApp.AdminPassword);
        var owner = await LoginAsync(client, Owner, EventlyApp.AdminEmail, EventlyApp.AdminPassword);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), answers.Take(5));
        Assert.All(answers.Skip(5), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        await attackerWithRightPassword.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal("admin", (await owner.JsonAsync()).GetProperty("user").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Failed_logins_per_email_and_address_live_in_the_cluster_not_in_one_front_end()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:RateLimits:Login:FreeFailures"] = "2" }, shards: 1);
        using var client = app.CreateClient();
        var email = $"shared-{Guid.NewGuid():N}@example.com";
        await LoginAsync(client, Attacker, email, "Wrong-guess-1");
        await LoginAsync(client, Attacker, email, "Wrong-guess-2");

        // Any front end of the cluster asks the same grain: what this one counted, another sees.
        var grain = app.Services.GetRequiredService<IGrainFactory>().GetGrain<ILoginAttemptsGrain>(email);
        var fromAnotherFrontEnd = await grain.BeginAsync(Attacker);
        var ownerElsewhere = await grain.BeginAsync(Owner);

        Assert.NotNull(fromAnotherFrontEnd);
        Assert.Null(ownerElsewhere);
    }

    [Fact]
    public async Task Registrations_have_their_own_per_address_limit_and_failed_logins_do_not_spend_it()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:RateLimits:RegistrationsPerAddress"] = "2" }, shards: 1);
        using var client = app.CreateClient();

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add((await LoginAsync(client, Attacker, $"a{i}-{Guid.NewGuid():N}@example.com", "Wrong-guess")).StatusCode);
        }

        var registered = new List<HttpStatusCode>
        {
            (await RegisterAsync(client, Attacker, $"c-{Guid.NewGuid():N}@example.com")).StatusCode,
            (await RegisterAsync(client, Attacker, $"d-{Guid.NewGuid():N}@example.com")).StatusCode,
        };
        var register = await RegisterAsync(client, Attacker, $"f-{Guid.NewGuid():N}@example.com");
        var login = await LoginAsync(client, Attacker, $"e-{Guid.NewGuid():N}@example.com", "Wrong-guess");
        var elsewhere = await RegisterAsync(client, Owner, $"g-{Guid.NewGuid():N}@example.com");

        Assert.All(failures, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], registered);
        await register.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(register.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_login_flood_beyond_the_hashing_cap_is_answered_429_at_once_never_5xx()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:PasswordHasher:MaxConcurrent"] = "1",
            ["Evently:PasswordHasher:MaxQueued"] = "2",
            // Costly hashes, so that the flood overlaps.
            ["Evently:PasswordHasher:IterationCount"] = "400000",
        }, shards: 1);
        using var client = app.CreateClient();

        var flood = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            LoginAsync(client, $"192.0.2.{i + 1}", $"flood-{i}-{Guid.NewGuid():N}@example.com", "Wrong-guess")));

        var statuses = flood.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"unexpected {(int)s}"));
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 1, 20);
        var busy = flood.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await busy.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string address, string email, string password) =>
        SendAsync(client, address, "/api/v1/auth/login", new { email, password });

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string address, string email) =>
        SendAsync(client, address, "/api/v1/auth/register", new { email, name = "Someone", password = "Password-123" });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string address, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ClientAddressHeader.Name, address);
        return await client.SendAsync(request);
    }
}
