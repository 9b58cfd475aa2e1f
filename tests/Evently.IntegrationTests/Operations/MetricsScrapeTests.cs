using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

public sealed class MetricsScrapeTests
{
    private const string ScrapeToken = "prometheus-scrape-token-0123456789abcdef";

    [Fact]
    public async Task Prometheus_scrapes_metrics_with_its_own_token_the_admin_token_still_works_and_anonymous_is_refused()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:Metrics:ScrapeToken"] = ScrapeToken }, shards: 1);
        using var prometheus = app.ClientWithToken(ScrapeToken);
        using var wrong = app.ClientWithToken(ScrapeToken[..^1] + "0");
        using var admin = app.ClientWithToken(await app.AdminTokenAsync());
        using var user = await app.UserClientAsync();
        using var anonymous = app.CreateClient();
        var metrics = new Uri("/metrics", UriKind.Relative);

        var scraped = await prometheus.GetAsync(metrics);
        var asAdmin = await admin.GetAsync(metrics);

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("# TYPE", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(metrics)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(metrics)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(metrics)).StatusCode);
        // The scrape token opens /metrics only.
        Assert.Equal(HttpStatusCode.Unauthorized, (await prometheus.GetAsync(new Uri("/api/v1/admin/analytics/summary", UriKind.Relative))).StatusCode);
    }
}
