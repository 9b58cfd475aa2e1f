using System.Net;
using System.Net.Http.Headers;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// Where a person lands first (docs/api.md#operations): <c>GET /</c> answers a small JSON index of links, and an
/// anonymous <c>/dashboard</c> is sent to its sign-in form rather than refused; a client that asks for JSON, or brings
/// a token, still gets the <c>401</c> problem.
/// </summary>
[Collection(AuthCollection.Name)]
public sealed class EntryPointsTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task The_root_answers_an_index_of_links_that_all_lead_somewhere()
    {
        using var client = App.CreateClient();

        var root = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("application/json", root.Content.Headers.ContentType?.MediaType);
        var links = (await root.JsonAsync()).GetProperty("links");
        Assert.Equal("/docs", links.GetProperty("docs").GetString());
        Assert.Equal("/openapi/v1.json", links.GetProperty("openapi").GetString());
        Assert.Equal("/health/ready", links.GetProperty("health").GetString());
        Assert.Equal("/api/v1", links.GetProperty("api").GetString());
        foreach (var link in new[] { "docs", "openapi", "health", "events" })
        {
            var target = await client.GetAsync(new Uri(links.GetProperty(link).GetString()!, UriKind.Relative));
            Assert.True(target.IsSuccessStatusCode, $"{link}: {(int)target.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    public async Task An_anonymous_dashboard_request_goes_to_the_sign_in_form(string path)
    {
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await browser.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard-login", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_asking_for_json_or_bringing_a_bad_token_still_gets_the_401_problem()
    {
        using var script = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var json = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var token = App.ClientWithToken("not-a-token");

        await (await script.SendAsync(json)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await token.GetAsync(new Uri("/dashboard/", UriKind.Relative))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
