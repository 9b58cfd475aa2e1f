using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Evently.IntegrationTests.Security;

/// <summary>A proxy elsewhere on the network is trusted only when configured, and then its client address counts.</summary>
public sealed class KnownProxyTests
{
    [Fact]
    public async Task A_configured_proxy_is_believed_about_HTTPS_and_the_client_address()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:Http:KnownNetworks:0"] = "10.20.0.0/16",
            ["Evently:RateLimits:Login:FreeFailures"] = "1",
        }, shards: 1);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var viaProxy = await SendAsync(client, "/dashboard-login", "10.20.3.4", "192.0.2.10", EventlyApp.AdminPassword);
        // Failed logins count per client: two clients behind the same proxy each have their own free failure.
        var first = await SendAsync(client, "/api/v1/auth/login", "10.20.3.4", "192.0.2.11", "Wrong-guess-1");
        var second = await SendAsync(client, "/api/v1/auth/login", "10.20.3.4", "192.0.2.12", "Wrong-guess-2");
        var again = await SendAsync(client, "/api/v1/auth/login", "10.20.3.4", "192.0.2.12", "Wrong-guess-3");

        Assert.Contains("; secure", Assert.Single(viaProxy.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string proxy, string forwardedFor, string password)
    {
        HttpContent content = path == "/dashboard-login"
            ? new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = EventlyApp.AdminEmail, ["password"] = password })
            : System.Net.Http.Json.JsonContent.Create(new { email = EventlyApp.AdminEmail, password });
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(ClientAddressHeader.Name, proxy);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return await client.SendAsync(request);
    }
}
