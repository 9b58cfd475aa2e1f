using System.Net;
using System.Net.Http.Json;
using Evently.Contracts.Events;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Holds;

/// <summary>Hold lengths are at least a minute, so this waits for real time.</summary>
public sealed class HoldReminderTests
{
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task A_hold_expires_by_reminder_after_the_silo_that_held_its_event_was_killed()
    {
        await using var cluster = await SplitCluster.StartAsync();
        var app = cluster.App;
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var eventId = (await (await adminClient.PostAsJsonAsync("/api/v1/events", HoldApiTests.EventBody(2, 10m, holdMinutes: 1))).JsonAsync()).GetProperty("id").GetGuid();
        var (holderId, holderToken) = await app.RegisterAsync();
        var (waiterId, waiterToken) = await app.RegisterAsync();
        using var holder = app.ClientWithToken(holderToken);
        using var waiter = app.ClientWithToken(waiterToken);
        var holdId = await holder.HoldIdAsync(eventId, 2);
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 2 })).StatusCode);

        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var host = (await grains.GetGrain<IEventGrain>(eventId).GetBatchStatsAsync()).Silo;
        // Ungraceful, like a crash: the activation and its in-memory timer are gone; only the reminder remains.
        await cluster.KillAsync(host);

        var shard = app.ShardOf(eventId);
        await Poll.UntilAsync(async () => await HoldClient.HoldStatusAsync(shard, holdId) == "expired", TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(1));

        Assert.Equal("expired", await HoldClient.HoldStatusAsync(shard, holdId));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM notifications WHERE user_id = @u AND kind = 'hold_expired'", ("u", holderId)));
        // The seats went to the waitlist first.
        Assert.Equal("promoted", await TestPostgres.ScalarAsync<string>(shard, "SELECT status FROM waitlists WHERE user_id = @u", ("u", waiterId)));
        Assert.Equal("hold_expired", await (await holder.ConfirmAsync(holdId)).CodeAsync());
        await app.AssertInvariantsAsync();
    }
}
