using System.Net;
using System.Net.Http.Json;
using Evently.Api.Auth;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Security;

/// <summary>An admin still holding the password published with version 1.0 cannot survive a start outside Development.</summary>
public sealed class PublishedAdminPasswordTests
{
    private const string WebhookSecret = "a-webhook-secret-only-this-test-uses";

    [Fact]
    public async Task An_admin_with_the_published_password_is_reset_to_the_configured_one_and_its_tokens_revoked()
    {
        string directory, shard;
        string oldToken;
        await using (var development = await EventlyApp.StartAsync(
            new Dictionary<string, string?> { ["Evently:Admin:Password"] = AdminOptions.DefaultPassword }, shards: 1))
        {
            directory = development.Directory;
            shard = development.Shards[0];
            oldToken = await development.LoginAsync(EventlyApp.AdminEmail, AdminOptions.DefaultPassword);
        }

        await using var production = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Directory"] = directory,
            ["ConnectionStrings:Shard0"] = shard,
            ["Evently:Webhooks:SigningSecret"] = WebhookSecret,
        }, shards: 1, environment: "Production");
        using var client = production.CreateClient();

        var published = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = EventlyApp.AdminEmail, password = AdminOptions.DefaultPassword });
        var configured = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = EventlyApp.AdminEmail, password = EventlyApp.AdminPassword });
        using var withOldToken = production.ClientWithToken(oldToken);
        var me = await withOldToken.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }
}
