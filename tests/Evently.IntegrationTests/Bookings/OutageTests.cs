using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Bookings;

public sealed class OutageTests
{
    [Fact]
    public async Task Shard_unreachable_mid_sale_answers_503_loses_nothing_and_selling_resumes()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 100_000);
        var users = await app.RegisterManyAsync(20);
        var clients = users.Select(u => app.ClientWithToken(u.Token)).ToArray();
        var shardIndex = app.ShardIndexOf(eventId);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(app.Shards[shardIndex]).Database!;
        var server = (await TestPostgres.GetAsync()).ConnectionString("postgres");
        await using var sale = SaleDriver.Start(clients, eventId);
        Assert.True(await Poll.UntilAsync(() => sale.Acknowledged.Count > 0, TimeSpan.FromSeconds(30)), "the sale never got going");
        await TestPostgres.ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        await Poll.UntilAsync(() => sale.Statuses.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) > 0, TimeSpan.FromSeconds(30));
        var duringOutage = sale.Statuses.GetValueOrDefault(HttpStatusCode.ServiceUnavailable);
        await TestPostgres.ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        var beforeResume = sale.Acknowledged.Count;
        await Poll.UntilAsync(() => sale.Acknowledged.Count > beforeResume, TimeSpan.FromSeconds(30));
        await sale.StopAsync();
        var acknowledged = sale.Acknowledged;
        var statuses = sale.Statuses;

        Assert.True(duringOutage > 0, "no request saw 503 during the outage");
        Assert.True(acknowledged.Count > beforeResume, "selling did not resume after the shard came back");
        Assert.Equal(acknowledged.Count, await app.CountBookingsAsync(acknowledged));

        // A backend terminated while its COMMIT was on the wire leaves that batch's outcome unknown: those requests get
        // 504 outcome_unknown (never 503), and each may or may not have sold its seat.
        var unknown = statuses.GetValueOrDefault(HttpStatusCode.GatewayTimeout);
        var sold = await app.SoldAsync(eventId);
        Assert.InRange(sold, acknowledged.Count, acknowledged.Count + unknown);
        Assert.All(statuses.Keys, s => Assert.Contains(s, new[]
        {
            HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.GatewayTimeout,
        }));
        await app.AssertInvariantsAsync();
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
