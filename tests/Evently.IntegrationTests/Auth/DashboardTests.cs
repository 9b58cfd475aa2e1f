using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Evently.IntegrationTests.Auth;

[Collection(AuthCollection.Name)]
public sealed class DashboardTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    private HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        return await browser.PostAsync(new Uri("/dashboard-login", UriKind.Relative), form);
    }

    [Fact]
    public async Task Dashboard_as_anonymous_user_and_admin_is_refused_refused_served()
    {
        using var anonymous = Browser();
        using var user = await App.UserClientAsync();
        using var admin = App.ClientWithToken(await App.AdminTokenAsync());

        var asAnonymous = await anonymous.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        var asUser = await user.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        var asAdmin = await admin.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, asAnonymous.StatusCode);
        await asUser.ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Contains("<html", await asAdmin.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_browser_is_sent_to_the_form_and_an_admin_gets_in_with_a_strict_http_only_dashboard_cookie()
    {
        using var browser = Browser();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var redirected = await browser.SendAsync(page);
        var form = await browser.GetAsync(new Uri("/dashboard-login", UriKind.Relative));
        var signedIn = await SignInAsync(browser, EventlyApp.AdminEmail, EventlyApp.AdminPassword);
        var dashboard = await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        var data = await browser.GetAsync(new Uri("/dashboard/ClusterStats", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/dashboard-login", redirected.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("<form", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("DENY", form.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(form.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/dashboard/", signedIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_cookie_counts_nowhere_but_the_dashboard()
    {
        using var browser = Browser();
        var signedIn = await SignInAsync(browser, EventlyApp.AdminEmail, EventlyApp.AdminPassword);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var api = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/users");
        request.Headers.Add("Cookie", cookie);

        var response = await api.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Users_and_wrong_passwords_get_no_cookie()
    {
        var email = $"dash-{Guid.NewGuid():N}@example.com";
        await App.RegisterAsync(email);
        using var browser = Browser();

        var user = await SignInAsync(browser, email, "Password-123");
        var wrong = await SignInAsync(browser, EventlyApp.AdminEmail, "Wrong-Password");
        var empty = await browser.PostAsync(new Uri("/dashboard-login", UriKind.Relative), new StringContent("not a form"));
        var dashboard = await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.False(user.Headers.Contains("Set-Cookie") || wrong.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task A_disabled_admins_dashboard_cookie_is_refused_on_the_next_request()
    {
        var email = $"second-admin-{Guid.NewGuid():N}@example.com";
        var (id, _) = await App.RegisterAsync(email);
        using var admin = App.ClientWithToken(await App.AdminTokenAsync());
        (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { role = "admin" })).EnsureSuccessStatusCode();
        using var browser = Browser();
        (await SignInAsync(browser, email, "Password-123")).Headers.GetValues("Set-Cookie");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);

        (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { isActive = false })).EnsureSuccessStatusCode();
        var refused = await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/dashboard-login", refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
