using System.Net;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// One shard database stops taking connections while two flash sales run, one on an event of each shard. Events land on
/// their organizer's shard, so the second event is created by a second admin whose id hashes to the other shard.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ShardOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_one_shard_down_its_events_browse_and_readiness_answer_503_while_the_other_shard_keeps_selling()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:PasswordHasher:IterationCount"] = "1000" }, shards: 2);
        var map = new ShardMap(app.Shards.Count);
        var firstAdmin = await app.AdminTokenAsync();
        Guid firstAdminId;
        using (var me = app.ClientWithToken(firstAdmin))
        {
            firstAdminId = (await (await me.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).JsonAsync()).GetProperty("id").GetGuid();
        }

        var secondAdmin = await PromoteAdminOnOtherShardAsync(app, map, map.ShardOfOrganizer(firstAdminId));
        var upEvent = await app.CreateEventAsync(firstAdmin, capacity: 100_000, name: "Stays up");
        var downEvent = await app.CreateEventAsync(secondAdmin, capacity: 100_000, name: "Goes down");
        var (upShard, downShard) = (await ShardHoldingAsync(app, upEvent), await ShardHoldingAsync(app, downEvent));
        Assert.Equal(map.ShardOfOrganizer(firstAdminId), upShard);
        Assert.NotEqual(upShard, downShard);

        var clients = (await app.RegisterManyAsync(16)).Select(u => app.ClientWithToken(u.Token)).ToList();
        clients.ForEach(c => c.Timeout = TimeSpan.FromSeconds(15));
        using var anonymous = app.CreateClient();
        using var admin = app.ClientWithToken(firstAdmin);
        var database = new NpgsqlConnectionStringBuilder(app.Shards[downShard]).Database!;
        var server = (await TestPostgres.GetAsync()).ConnectionString("postgres");
        await using var upSale = SaleDriver.Start(clients[..8], upEvent);
        await using var downSale = SaleDriver.Start(clients[8..], downEvent);
        HttpResponseMessage browse, analytics, ready, upRead;
        TimeSpan down, restoring;
        await Task.Delay(1000);
        try
        {
            await TestPostgres.ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            down = downSale.Now;
            await Task.Delay(1000);
            browse = await Foundation.ReadinessTests.BrowseUntilUnavailableAsync(anonymous);
            analytics = await admin.GetAsync(new Uri("/api/v1/admin/analytics/summary", UriKind.Relative));
            ready = await admin.GetAsync(new Uri("/health/ready", UriKind.Relative));
            upRead = await anonymous.GetAsync(new Uri($"/api/v1/events/{upEvent}", UriKind.Relative));
            await Task.Delay(1000);
            restoring = downSale.Now;
        }
        finally
        {
            await TestPostgres.ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        var restored = downSale.Now;
        await Task.Delay(1500);
        await Task.WhenAll(upSale.StopAsync(), downSale.StopAsync());

        var upDuring = upSale.Within(down, restoring);
        var downDuring = downSale.Within(down, restoring);
        output.WriteLine($"up shard {upShard} during the outage: {Summary(upDuring)}; down shard {downShard}: {Summary(downDuring)}; " +
            $"down shard after: {Summary(downSale.Answers.Where(a => a.Asked >= restored).ToList())}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, browse.StatusCode);
        Assert.Equal("unavailable", await browse.CodeAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, analytics.StatusCode);
        Assert.Equal("unavailable", await analytics.CodeAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains($"shard{downShard}", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, upRead.StatusCode);
        Assert.True(upDuring.Count(a => a.Status == 201) > 20, "the event on the healthy shard stopped selling");
        Assert.All(upSale.Answers, a => Assert.Contains(a.Status, new[] { 201, 429 }));
        Assert.Contains(downDuring, a => a.Status == 503);
        Assert.All(downDuring, a => Assert.Contains(a.Status, new[] { 429, 503, 504 }));
        Assert.All(downSale.Answers, a => Assert.Contains(a.Status, new[] { 201, 429, 503, 504 }));

        // 504 outcome_unknown only for a batch whose COMMIT was on the wire when the shard's backends were terminated.
        Assert.All(downSale.Answers.Where(a => a.Status == 504), a => Assert.True(a.Asked <= down, $"a 504 for a request asked {a.Asked} after the outage began at {down}"));
        Assert.Contains(downSale.Answers, a => a.Asked >= restored && a.Status == 201);
        var acknowledged = upSale.Acknowledged.Concat(downSale.Acknowledged).ToList();
        Assert.Equal(acknowledged.Count, await app.CountBookingsAsync(acknowledged));
        await app.AssertInvariantsAsync();
        clients.ForEach(c => c.Dispose());
    }

    // Registers users until one's id maps to a shard other than <paramref name="taken"/>, makes it an admin the way an
    // operator would (in SQL, bumping its version), and signs it in.
    private static async Task<string> PromoteAdminOnOtherShardAsync(EventlyApp app, ShardMap map, int taken)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var email = $"organizer-{Guid.NewGuid():N}@example.com";
            var (id, _) = await app.RegisterAsync(email);
            if (map.ShardOfOrganizer(id) != taken)
            {
                await TestPostgres.ExecuteAsync(app.Directory, $"UPDATE users SET role = 'admin', version = version + 1 WHERE id = '{id}'");
                return await app.LoginAsync(email, "Password-123");
            }
        }

        throw new InvalidOperationException("No user landed on another shard in 40 tries.");
    }

    private static async Task<int> ShardHoldingAsync(EventlyApp app, Guid eventId)
    {
        for (var shard = 0; shard < app.Shards.Count; shard++)
        {
            if (await TestPostgres.ScalarAsync<long>(app.Shards[shard], "SELECT count(*) FROM events WHERE id = @id", ("id", eventId)) == 1)
            {
                return shard;
            }
        }

        throw new InvalidOperationException($"Event {eventId} is on no shard.");
    }

    private static string Summary(IReadOnlyList<SaleDriver.Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
}
