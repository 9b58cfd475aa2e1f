using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Foundation;

public sealed class StartupTests
{
    [Fact]
    public async Task Host_on_fresh_databases_becomes_ready_and_serves_openapi()
    {
        await using var app = await EventlyApp.StartAsync();
        using var client = app.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var openApi = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("/api/v1/events", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tables = await TestPostgres.ScalarAsync<long>(app.Shards[0], "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('events','bookings','waitlists','waitlist_promotions','pricing_history','notifications')");
        Assert.Equal(6, tables);
    }
}
