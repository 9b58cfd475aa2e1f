using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

public sealed class RegisterAndLoginTests(AuthAppFixture fixture) : IClassFixture<AuthAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Register_normalises_the_email_and_answers_201_with_the_user()
    {
        var local = $"Mixed.Case-{Guid.NewGuid():N}";
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = $"  {local}@Example.COM ", name = " Ada ", password = "Password-123" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.JsonAsync();
        Assert.Equal($"{local.ToLowerInvariant()}@example.com", user.GetProperty("email").GetString());
        Assert.Equal("Ada", user.GetProperty("name").GetString());
        Assert.Equal("user", user.GetProperty("role").GetString());
        Assert.True(user.GetProperty("isActive").GetBoolean());
        Assert.NotEqual(Guid.Empty, user.GetProperty("id").GetGuid());
        Assert.True(user.TryGetProperty("createdAt", out _));
        Assert.False(user.TryGetProperty("passwordHash", out _));
        Assert.Equal($"/api/v1/admin/users/{user.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Login_answers_a_bearer_token_with_its_expiry_and_the_user()
    {
        var email = $"login-{Guid.NewGuid():N}@example.com";
        using var client = App.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, name = "Grace", password = "Password-123" })).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = email.ToUpperInvariant(), password = "Password-123" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal(email, body.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task The_seeded_admin_can_log_in_as_admin()
    {
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = EventlyApp.AdminEmail, password = EventlyApp.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", (await response.JsonAsync()).GetProperty("user").GetProperty("role").GetString());
    }
}
