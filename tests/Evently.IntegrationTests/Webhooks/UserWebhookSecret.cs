using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>What a receiver's owner does to learn the secret their deliveries are signed with.</summary>
public static class UserWebhookSecret
{
    /// <summary>The signed-in user's webhook secret (<c>GET /users/me/webhook-secret</c>), checked to be a never-stored <c>whsec_</c> secret.</summary>
    public static async Task<string> OfAsync(HttpClient user) =>
        await ReadAsync(await user.GetAsync(new Uri("/api/v1/users/me/webhook-secret", UriKind.Relative)));

    /// <summary>Rotates the signed-in user's webhook secret; returns the new one.</summary>
    public static async Task<string> RotateAsync(HttpClient user) =>
        await ReadAsync(await user.PostAsync(new Uri("/api/v1/users/me/webhook-secret/rotate", UriKind.Relative), null));

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "a webhook secret's answer must carry Cache-Control: no-store");
        var secret = (await response.JsonAsync()).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        return secret;
    }
}
