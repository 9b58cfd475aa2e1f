using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Security;

/// <summary>Changing the password and signing out everywhere revoke every token issued before, at once.</summary>
public sealed class AccountSecurityTests
{
    private const string Password = "Password-123";
    private const string NewPassword = "A-new-password-42";

    [Fact]
    public async Task Changing_the_password_revokes_every_earlier_token_and_only_the_new_password_signs_in()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var email = $"change-{Guid.NewGuid():N}@example.com";
        var (_, first) = await app.RegisterAsync(email);
        var second = await app.LoginAsync(email, Password);
        using var client = app.ClientWithToken(first);

        var wrongCurrent = await client.PostAsJsonAsync("/api/v1/users/me/password", new { currentPassword = "Not-my-password", newPassword = NewPassword });
        var weakNew = await client.PostAsJsonAsync("/api/v1/users/me/password", new { currentPassword = Password, newPassword = "password" });
        var changed = await client.PostAsJsonAsync("/api/v1/users/me/password", new { currentPassword = Password, newPassword = NewPassword });
        using var withSecond = app.ClientWithToken(second);
        var firstAfter = await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));
        var secondAfter = await withSecond.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));
        using var anonymous = app.CreateClient();
        var oldPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var newPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = NewPassword });

        await wrongCurrent.ValidationFailedAsync("currentPassword");
        await weakNew.ValidationFailedAsync("newPassword");
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, firstAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, secondAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
        using var fresh = app.ClientWithToken((await newPassword.JsonAsync()).GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Signing_out_everywhere_revokes_every_token_of_the_caller_and_no_one_elses()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var email = $"logout-{Guid.NewGuid():N}@example.com";
        var (_, first) = await app.RegisterAsync(email);
        var second = await app.LoginAsync(email, Password);
        var (_, someoneElse) = await app.RegisterAsync();
        using var client = app.ClientWithToken(first);
        using var withSecond = app.ClientWithToken(second);
        using var other = app.ClientWithToken(someoneElse);

        var logout = await client.PostAsync(new Uri("/api/v1/auth/logout-all", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withSecond.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
        var again = await app.LoginAsync(email, Password);
        using var fresh = app.ClientWithToken(again);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Answers_carrying_a_token_are_never_stored_by_caches()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        using var client = app.CreateClient();
        var email = $"cache-{Guid.NewGuid():N}@example.com";

        var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, name = "Cache", password = Password });
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var refused = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Wrong-password-1" });

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(register.Headers.CacheControl?.NoStore, "register answers without Cache-Control: no-store");
        Assert.True(login.Headers.CacheControl?.NoStore, "login answers without Cache-Control: no-store");
        Assert.True(refused.Headers.CacheControl?.NoStore, "a refused login answers without Cache-Control: no-store");
    }
}
