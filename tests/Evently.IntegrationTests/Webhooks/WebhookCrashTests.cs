using Evently.Grains.Notifications;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>At least once across the loss of the silo that was delivering.</summary>
[Trait("Category", "Reliability")]
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task A_silo_lost_mid_delivery_leaves_the_row_leased_and_the_next_silo_delivers_it()
    {
        var requests = 0;
        await using var hook = await HookServer.StartAsync();
        // The first request is never answered (the silo dies waiting); later ones are.
        hook.Respond = (_, context) => Interlocked.Increment(ref requests) == 1 ? Task.Delay(Timeout.Infinite, context.RequestAborted) : Task.CompletedTask;
        var firstClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = await EventlyApp.StartAsync(WebhookAppFixture.Settings(), services: s => s.AddKeyedSingleton<TimeProvider>(WebhookClock.Key, firstClock));
        string shard;
        Guid userId;
        try
        {
            var admin = await first.AdminTokenAsync();
            using var adminClient = first.ClientWithToken(admin);
            var (eventId, users) = await WebhookScenario.WaitlistedAsync(first, admin, hook.Url());
            userId = users[0].Id;
            shard = first.ShardOf(eventId);
            WebhookAppFixture.CatchUp(firstClock);
            await WebhookScenario.ChangePriceAsync(adminClient, eventId, 11m);
            Assert.True(await hook.WaitForAsync(r => r.Count == 1, TimeSpan.FromSeconds(20), () => WebhookAppFixture.CatchUp(firstClock)), "the first attempt never started");
        }
        finally
        {
            await first.DisposeAsync(); // mid-attempt: nothing about it is recorded, as after a crash
        }

        Assert.Equal("0|false|true", await TestPostgres.ScalarAsync<string>(shard,
            "SELECT attempts || '|' || (dispatched_at IS NOT NULL) || '|' || (next_attempt_at > now()) FROM notifications WHERE user_id = @u", ("u", userId)));
        // Another silo on the same databases, once the lease has run out.
        var secondClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(2));
        var settings = WebhookAppFixture.Settings();
        settings["ConnectionStrings:Directory"] = first.Directory;
        for (var i = 0; i < first.Shards.Count; i++)
        {
            settings[$"ConnectionStrings:Shard{i}"] = first.Shards[i];
        }

        await using var second = await EventlyApp.StartAsync(settings, services: s => s.AddKeyedSingleton<TimeProvider>(WebhookClock.Key, secondClock));
        var delivered = await WebhookScenario.WaitForSqlAsync(shard, "SELECT dispatched_at IS NOT NULL FROM notifications WHERE user_id = @u",
            TimeSpan.FromSeconds(20), () => secondClock.Advance(TimeSpan.FromSeconds(1)), ("u", userId));
        Assert.True(delivered, "the leased delivery was never picked up again");
        var received = hook.Received.ToArray();
        Assert.True(received.Length >= 2, $"{received.Length} requests");
        Assert.All(received, r => Assert.Equal(received[0].Id, r.Id)); // the same notification, recognisable by webhook-id
    }
}
