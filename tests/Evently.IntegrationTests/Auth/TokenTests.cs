using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

[Collection(AuthCollection.Name)]
public sealed class TokenTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Users_me_answers_the_caller_with_an_ETag()
    {
        var email = $"me-{Guid.NewGuid():N}@example.com";
        var (id, token) = await App.RegisterAsync(email);
        using var client = App.ClientWithToken(token);

        var response = await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.JsonAsync();
        Assert.Equal(id, me.GetProperty("id").GetGuid());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task No_token_is_401_unauthorized_with_a_bearer_challenge()
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    public static TheoryData<string> BadTokens()
    {
        var someone = Guid.NewGuid();
        return new TheoryData<string>
        {
            "not-a-token",
            Tokens.Forge(someone, key: "another-signing-key-of-at-least-256-bits-abcdefghijkl"),
            Tokens.Forge(someone, expires: DateTime.UtcNow.AddMinutes(-5)),
            Tokens.Forge(someone, issuer: "someone-else"),
            Tokens.Forge(someone, audience: "another-api"),
            Tokens.WithoutSignature(someone),
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Forged_expired_foreign_or_unsigned_tokens_are_401(string token)
    {
        using var client = App.ClientWithToken(token);

        var response = await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_validly_signed_token_of_a_user_that_does_not_exist_is_401()
    {
        using var client = App.ClientWithToken(Tokens.Forge(Guid.NewGuid(), role: "admin"));

        var response = await client.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative));

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_token_stamped_with_an_older_user_version_is_401()
    {
        var (id, _) = await App.RegisterAsync();
        // Signed with the right key but stamped before the user's current version, as after an admin edit.
        using var client = App.ClientWithToken(Tokens.Forge(id, role: "admin", version: 0));

        var response = await client.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative));

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_garbage_token_does_not_stop_anonymous_endpoints()
    {
        using var client = App.ClientWithToken("not-a-token");

        var response = await client.GetAsync(new Uri("/api/v1/events", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
