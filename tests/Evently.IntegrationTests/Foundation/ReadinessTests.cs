using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Foundation;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_turns_503_while_one_shard_is_unreachable_and_200_when_it_returns()
    {
        await using var app = await EventlyApp.StartAsync();
        using var client = app.CreateClient();
        // Admins are told which database is down (anonymous callers get only the status).
        using var adminClient = app.ClientWithToken(await app.AdminTokenAsync());
        var shard = new Npgsql.NpgsqlConnectionStringBuilder(app.Shards[2]).Database!;
        var admin = (await TestPostgres.GetAsync()).ConnectionString("postgres");

        await TestPostgres.ExecuteAsync(admin, $"ALTER DATABASE \"{shard}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{shard}'");
        Npgsql.NpgsqlConnection.ClearAllPools();
        var down = await adminClient.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var downBody = await down.Content.ReadAsStringAsync();
        // Browse is served from the catalog read model: it answers 503 once a shard has not been caught up for 2 s.
        var browseWhileDown = await BrowseUntilUnavailableAsync(client);
        await TestPostgres.ExecuteAsync(admin, $"ALTER DATABASE \"{shard}\" ALLOW_CONNECTIONS true");
        var up = await adminClient.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("shard2", downBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, browseWhileDown.StatusCode);
        Assert.Contains("\"unavailable\"", await browseWhileDown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    internal static async Task<HttpResponseMessage> BrowseUntilUnavailableAsync(HttpClient client)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var browse = await client.GetAsync(new Uri("/api/v1/events", UriKind.Relative));
            if (browse.StatusCode == HttpStatusCode.ServiceUnavailable || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return browse;
            }

            await Task.Delay(100);
        }
    }
}
