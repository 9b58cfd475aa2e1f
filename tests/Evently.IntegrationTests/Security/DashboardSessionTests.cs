using System.Net;
using System.Net.Http.Headers;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Evently.IntegrationTests.Security;

/// <summary>Finding 6: the dashboard has a logout, and its cookie is Secure on HTTPS, also behind a proxy we trust.</summary>
[Collection(AuthCollection.Name)]
public sealed class DashboardSessionTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Logout_clears_the_cookie_and_the_dashboard_asks_to_sign_in_again()
    {
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signedIn = await SignInAsync(browser, null);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);

        var page = await browser.GetAsync(new Uri("/dashboard/logout", UriKind.Relative));
        using var empty = new FormUrlEncodedContent([]);
        var signedOut = await browser.PostAsync(new Uri("/dashboard/logout", UriKind.Relative), empty);
        using var after = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        after.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var afterwards = await browser.SendAsync(after);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("action=\"/dashboard/logout\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/dashboard-login", signedOut.Headers.Location?.OriginalString);
        var cleared = Assert.Single(signedOut.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("evently_dashboard=;", cleared, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cleared, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("/dashboard-login", afterwards.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("203.0.113.9", false)]
    public async Task The_cookie_is_Secure_when_a_trusted_proxy_says_the_request_was_HTTPS(string peer, bool secure)
    {
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var signedIn = await SignInAsync(browser, peer, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "192.0.2.44"));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Equal(secure, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Over_plain_HTTP_the_cookie_is_not_Secure_and_over_HTTPS_it_is()
    {
        using var http = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var https = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });

        var plain = Assert.Single((await SignInAsync(http, null)).Headers.GetValues("Set-Cookie"));
        var tls = Assert.Single((await SignInAsync(https, null)).Headers.GetValues("Set-Cookie"));

        Assert.DoesNotContain("secure", plain, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", tls, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string? peer, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard-login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = EventlyApp.AdminEmail, ["password"] = EventlyApp.AdminPassword }),
        };
        if (peer is not null)
        {
            request.Headers.Add(ClientAddressHeader.Name, peer);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await browser.SendAsync(request);
    }
}
