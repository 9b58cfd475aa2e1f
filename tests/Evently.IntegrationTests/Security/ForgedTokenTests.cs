using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Finding 1: tokens hand-signed with the configured key. A token names a user; the stamp must be the user's current
/// one exactly, the role is the user's current role, and no token lives longer than the server issues them for.
/// </summary>
[Collection(AuthCollection.Name)]
public sealed class ForgedTokenTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_forged_admin_token_with_a_stamp_from_the_future_is_refused_and_stays_refused()
    {
        var adminId = await MyIdAsync(await App.AdminTokenAsync());
        // A forged token: the admin's id (public as organizerId), role admin, ver 1000000, signed with the configured key.
        var forged = Tokens.Forge(adminId, role: "admin", version: 1_000_000, expires: DateTime.UtcNow.AddMinutes(30), issuedAt: DateTime.UtcNow);
        using var client = App.ClientWithToken(forged);

        var users = await client.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative));
        var dashboard = await client.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        await users.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await dashboard.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_user_token_claiming_the_admin_role_acts_with_the_users_role()
    {
        var (id, _) = await App.RegisterAsync();
        // The right stamp (1, a new user's) and a normal lifetime: only the role is bent.
        var forged = Tokens.Forge(id, role: "admin", version: 1, expires: DateTime.UtcNow.AddMinutes(30), issuedAt: DateTime.UtcNow);
        using var client = App.ClientWithToken(forged);

        var me = await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));
        var users = await client.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative));
        var dashboard = await client.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        await users.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await dashboard.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_demoted_admin_loses_admin_rights_at_once_even_with_a_token_issued_before()
    {
        var (id, userToken) = await App.RegisterAsync();
        using var admin = App.ClientWithToken(await App.AdminTokenAsync());
        var promoted = await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var adminToken = await App.LoginAsync((await promoted.JsonAsync()).GetProperty("email").GetString()!, "Password-123");
        using var promotedClient = App.ClientWithToken(adminToken);
        Assert.Equal(HttpStatusCode.OK, (await promotedClient.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative))).StatusCode);

        var demoted = await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { role = "user" });
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        var stale = await promotedClient.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative));
        using var oldUserClient = App.ClientWithToken(userToken);
        var older = await oldUserClient.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));

        await stale.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await older.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    public static TheoryData<string, int> LongLivedTokens() => new()
    {
        { "ten years", 10 * 365 * 24 * 60 },
        { "34 days", 34 * 24 * 60 },
        { "one minute over the configured 60", 61 },
    };

    [Theory]
    [MemberData(nameof(LongLivedTokens))]
    public async Task A_token_living_longer_than_the_configured_lifetime_is_refused(string name, int minutes)
    {
        var (id, _) = await App.RegisterAsync();
        var now = DateTime.UtcNow;
        using var client = App.ClientWithToken(Tokens.Forge(id, version: 1, issuedAt: now, expires: now.AddMinutes(minutes)));

        var response = await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));

        Assert.False(string.IsNullOrEmpty(name));
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_token_within_the_lifetime_but_without_iat_is_refused_and_with_it_accepted()
    {
        var (id, _) = await App.RegisterAsync();
        var now = DateTime.UtcNow;
        using var without = App.ClientWithToken(Handmade.WithoutIssuedAt(id, now.AddMinutes(10)));
        using var with = App.ClientWithToken(Tokens.Forge(id, version: 1, issuedAt: now, expires: now.AddMinutes(60)));

        var refused = await without.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));
        var accepted = await with.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));

        await refused.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Issued_tokens_carry_no_email_or_name()
    {
        var email = $"private-{Guid.NewGuid():N}@example.com";
        await App.RegisterAsync(email);
        using var client = App.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Password-123" });
        var token = (await login.JsonAsync()).GetProperty("accessToken").GetString()!;

        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));
        using var claims = JsonDocument.Parse(payload);

        Assert.DoesNotContain(email, payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Test User", payload, StringComparison.Ordinal);
        Assert.False(claims.RootElement.TryGetProperty("email", out _));
        Assert.Equal(
            ["aud", "exp", "iat", "iss", "jti", "nbf", "role", "sub", "ver"],
            claims.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private async Task<Guid> MyIdAsync(string token)
    {
        using var client = App.ClientWithToken(token);
        return (await (await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).JsonAsync()).GetProperty("id").GetGuid();
    }

    // A correctly signed token whose payload has no iat (the library always writes one when asked for IssuedAt).
    private static class Handmade
    {
        public static string WithoutIssuedAt(Guid userId, DateTime expires)
        {
            static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
            var header = Encode("""{"alg":"HS256","typ":"JWT"}""");
            var exp = new DateTimeOffset(expires).ToUnixTimeSeconds();
            var body = Encode($$"""{"sub":"{{userId}}","role":"user","ver":1,"iss":"evently","aud":"evently-api","exp":{{exp}}}""");
            using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(Tokens.TestKey));
            var signature = Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes($"{header}.{body}")));
            return $"{header}.{body}.{signature}";
        }
    }
}
