using System.Diagnostics;
using Evently.Grains.Notifications;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>
/// Webhook delivery against real local receivers: one down for a while, one that hangs, one that answers a huge body,
/// one that answers 503 once. The webhook clock is fake, so hours of the production retry schedule pass in seconds.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class WebhookDeliveryTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_receiver_down_for_45_seconds_gets_every_notification_once_it_is_back()
    {
        await using var hook = await HookServer.StartAsync();
        var (eventId, users) = await fixture.WaitlistedAsync(hook.Url());
        var shard = fixture.App.ShardOf(eventId);
        await hook.DownAsync();
        var downAt = fixture.Clock.GetUtcNow();
        await fixture.ChangePriceAsync(eventId, 11m);
        await fixture.ChangePriceAsync(eventId, 12m);

        // The first attempt meets a closed port; then the clock walks in 5-second steps and the receiver is back after 45 s.
        Assert.True(await WebhookScenario.WaitForSqlAsync(shard, "SELECT count(*) >= 1 FROM notifications WHERE user_id = @u AND attempts >= 1", Patience,
            parameters: ("u", users[0].Id)), "no attempt was made while the receiver was down");
        var up = false;
        var arrived = await hook.WaitForAsync(r => r.Select(d => d.Id).Distinct().Count() == 2, Patience, () =>
        {
            fixture.Advance(TimeSpan.FromSeconds(1));
            if (!up && fixture.Clock.GetUtcNow() - downAt >= TimeSpan.FromSeconds(45))
            {
                up = true;
                hook.UpAsync().GetAwaiter().GetResult();
            }
        });

        Assert.True(arrived, $"{hook.Received.Count} deliveries after the receiver came back");
        Assert.True(fixture.Clock.GetUtcNow() - downAt >= TimeSpan.FromSeconds(45));
        Assert.Equal(2L, await TestPostgres.ScalarAsync<long>(shard,
            "SELECT count(*) FROM notifications WHERE user_id = @u AND dispatched_at IS NOT NULL AND failed_at IS NULL", ("u", users[0].Id)));
        Assert.True(await TestPostgres.ScalarAsync<int>(shard, "SELECT max(attempts) FROM notifications WHERE user_id = @u", ("u", users[0].Id)) >= 2,
            "the first notification should have failed at least once while the receiver was down");
    }

    [Fact]
    public async Task A_hanging_receiver_does_not_hold_up_deliveries_to_others()
    {
        await using var tarpit = await HookServer.StartAsync();
        tarpit.Respond = (_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted);
        await using var healthy = await HookServer.StartAsync();
        var (stuckEvent, _) = await fixture.WaitlistedAsync(tarpit.Url("a"), tarpit.Url("b"), tarpit.Url("c"), tarpit.Url("d"), tarpit.Url("e"), tarpit.Url("f"));
        var (goodEvent, _) = await fixture.WaitlistedAsync(healthy.Url());
        await fixture.ChangePriceAsync(stuckEvent, 11m);
        Assert.True(await tarpit.WaitForAsync(r => r.Count >= 4, Patience), "the tarpit never got its deliveries");

        var clock = Stopwatch.StartNew();
        await fixture.ChangePriceAsync(goodEvent, 11m);
        var arrived = await healthy.WaitForAsync(r => r.Count >= 1, TimeSpan.FromSeconds(2));

        Assert.True(arrived, $"the healthy receiver got nothing within 2 s while the tarpit held {tarpit.Received.Count} requests");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"arrived after {clock.Elapsed}");
        Assert.Equal(4, tarpit.Received.Count); // per-receiver limit: the tarpit holds 4 slots, the rest wait their turn
    }

    [Fact]
    public async Task A_receiver_answering_a_huge_body_is_read_only_a_few_kilobytes()
    {
        using var flood = new FloodServer(offeredBytes: 512L * 1024 * 1024);
        var (eventId, users) = await fixture.WaitlistedAsync(flood.Url);
        var shard = fixture.App.ShardOf(eventId);
        var clock = Stopwatch.StartNew();
        await fixture.ChangePriceAsync(eventId, 11m);

        Assert.True(await WebhookScenario.WaitForSqlAsync(shard, "SELECT count(*) = 1 FROM notifications WHERE user_id = @u AND dispatched_at IS NOT NULL", Patience,
            parameters: ("u", users[0].Id)), "the delivery was not recorded as delivered");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        await Task.Delay(500);

        // What left the receiver is what the dispatcher read plus the two sockets' buffers: nowhere near the 512 MiB offered.
        Assert.Equal(1, flood.Requests);
        Assert.True(flood.Written < 32L * 1024 * 1024, $"{flood.Written / 1024 / 1024} MiB of the body got through");
    }

    [Fact]
    public async Task After_a_503_one_events_notifications_still_arrive_in_their_order()
    {
        var answered = 0;
        await using var hook = await HookServer.StartAsync();
        hook.Respond = (_, context) =>
        {
            if (Interlocked.Increment(ref answered) == 1)
            {
                context.Response.StatusCode = 503;
            }

            return Task.CompletedTask;
        };
        var (eventId, _) = await fixture.WaitlistedAsync(hook.Url());
        await fixture.ChangePriceAsync(eventId, 11m);
        await fixture.ChangePriceAsync(eventId, 12m);
        await fixture.ChangePriceAsync(eventId, 13m);

        var arrived = await hook.WaitForAsync(r => r.Count >= 4, Patience, () => fixture.Advance(TimeSpan.FromSeconds(5)));
        await Task.Delay(200);
        var received = hook.Received.ToArray();

        Assert.True(arrived, $"{received.Length} requests");
        var sequences = received.Select(r => r.Sequence()).ToArray();
        Assert.True(sequences.Length == 4 && sequences[0] == sequences[1] && sequences[1] < sequences[2] && sequences[2] < sequences[3],
            $"received sequences {string.Join(", ", sequences)}: expected the first twice (503, then its retry), then the others in order");
        Assert.Equal(received[0].Id, received[1].Id); // the retry carries the same webhook-id: receivers de-duplicate on it
        Assert.NotEqual(received[0].Timestamp, received[1].Timestamp); // and a fresh timestamp and signature
        Assert.Equal(3, received.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Deliveries_verify_by_the_documented_recipe_and_a_replay_is_detectable()
    {
        await using var hook = await HookServer.StartAsync();
        var (eventId, users) = await fixture.WaitlistedAsync(hook.Url());
        await fixture.ChangePriceAsync(eventId, 11m);
        Assert.True(await hook.WaitForAsync(r => r.Count >= 1, Patience), "nothing delivered");
        Assert.True(hook.Received.TryPeek(out var delivery));
        var now = fixture.Clock.GetUtcNow();
        var secret = await UserWebhookSecret.OfAsync(users[0].Client);

        // The recipe, written out as a receiver would: HMAC-SHA256 keyed with the base64 after "whsec_" of the user's own secret, over id.timestamp.body.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key,
            System.Text.Encoding.UTF8.GetBytes($"{delivery.Id}.{delivery.Timestamp}.{delivery.Body}")));
        Assert.Equal(expected, delivery.Signature);
        Assert.True(Math.Abs(now.ToUnixTimeSeconds() - long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture)) <= 300);
        Assert.True(WebhookSignature.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body, now, WebhookSignature.DefaultTolerance));

        // The same request replayed later than the tolerance, or with its timestamp moved forward, or with another body: refused.
        Assert.False(WebhookSignature.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body,
            now.AddMinutes(6), WebhookSignature.DefaultTolerance));
        var moved = (long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture) + 360).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(WebhookSignature.Verify(secret, delivery.Id, moved, delivery.Signature, delivery.Body,
            now.AddMinutes(6), WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body.Replace("11", "1", StringComparison.Ordinal),
            now, WebhookSignature.DefaultTolerance));

        // webhook-id is the notification's id: the in-app list and the receiver agree on it.
        var notes = await (await users[0].Client.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync();
        Assert.Equal(delivery.Id, notes.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Signatures_match_the_Standard_Webhooks_test_vector() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}"""));
}
