using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Evently.IntegrationTests.Foundation;

public sealed class SplitTopologyTests
{
    [Fact]
    public async Task Two_silos_and_a_separate_front_end_form_one_cluster_over_adonet_clustering()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        var databases = await TestSilo.PrepareAsync(directory, shards);
        using var first = await TestSilo.StartAsync(databases);
        using var second = await TestSilo.StartAsync(databases);
        try
        {
            var overrides = TestSilo.ClientOverrides(directory, shards);
            await using var frontEnd = await EventlyApp.StartAsync(overrides, shards: 2);
            using var client = frontEnd.CreateClient();
            using var admin = frontEnd.ClientWithToken(await frontEnd.AdminTokenAsync());

            var silos = await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3");
            var ready = await admin.GetStringAsync(new Uri("/health/ready", UriKind.Relative));
            var missing = await client.GetAsync(new Uri($"/api/v1/events/{Guid.CreateVersion7()}", UriKind.Relative));

            Assert.Equal(2, silos);
            Assert.Contains("2 active silos", ready, StringComparison.Ordinal);
            // The front end has no silo: this 404 was decided by an event grain on one of the two silos.
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("event_not_found", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await second.StopAsync();
            await first.StopAsync();
        }
    }
}
