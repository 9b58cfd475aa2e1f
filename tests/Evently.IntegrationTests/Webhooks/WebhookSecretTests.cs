using Evently.Grains.Notifications;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>
/// One webhook secret per user: a delivery verifies with its recipient's secret only, a rotation signs with both secrets
/// for the overlap and then with the new one only, and the replayable body-only header is not sent by default.
/// </summary>
public sealed class WebhookSecretTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Each_user_verifies_their_own_deliveries_and_no_other_users()
    {
        await using var hookA = await HookServer.StartAsync();
        await using var hookB = await HookServer.StartAsync();
        var (eventId, users) = await fixture.WaitlistedAsync(hookA.Url(), hookB.Url());
        var secretA = await UserWebhookSecret.OfAsync(users[0].Client);
        var secretB = await UserWebhookSecret.OfAsync(users[1].Client);
        Assert.NotEqual(secretA, secretB);
        Assert.Equal(secretA, await UserWebhookSecret.OfAsync(users[0].Client)); // created once, then the same

        await fixture.ChangePriceAsync(eventId, 11m);
        Assert.True(await hookA.WaitForAsync(r => r.Count >= 1, Patience), "nothing delivered to A");
        Assert.True(await hookB.WaitForAsync(r => r.Count >= 1, Patience), "nothing delivered to B");
        Assert.True(hookA.Received.TryPeek(out var toA));
        Assert.True(hookB.Received.TryPeek(out var toB));

        Assert.True(Verifies(secretA, toA), "A's delivery does not verify with A's secret");
        Assert.True(Verifies(secretB, toB), "B's delivery does not verify with B's secret");
        Assert.False(Verifies(secretA, toB), "A's secret verifies B's delivery: A could sign messages B's receiver accepts");
        Assert.False(Verifies(secretB, toA), "B's secret verifies A's delivery");
        Assert.False(Verifies(WebhookAppFixture.Secret, toA), "the deployment-wide secret still signs a user's delivery");
        Assert.Equal("", toA.LegacySignature); // no body-only X-Evently-Signature unless turned on
        Assert.Equal("", toB.LegacySignature);
    }

    [Fact]
    public async Task After_a_rotation_deliveries_verify_with_both_secrets_for_the_overlap_then_with_the_new_one_only()
    {
        await using var hook = await HookServer.StartAsync();
        var (eventId, users) = await fixture.WaitlistedAsync(hook.Url());
        var old = await UserWebhookSecret.OfAsync(users[0].Client);
        var fresh = await UserWebhookSecret.RotateAsync(users[0].Client);
        Assert.NotEqual(old, fresh);
        Assert.Equal(fresh, await UserWebhookSecret.OfAsync(users[0].Client));

        await fixture.ChangePriceAsync(eventId, 11m);
        Assert.True(await hook.WaitForAsync(r => r.Count >= 1, Patience), "nothing delivered in the overlap");
        var during = hook.Received.ToArray()[0];
        Assert.Equal(2, during.Signature.Split(' ').Length);
        Assert.True(Verifies(old, during), "a delivery in the overlap does not verify with the old secret");
        Assert.True(Verifies(fresh, during), "a delivery in the overlap does not verify with the new secret");

        // A day and an hour later (webhook clock): the replaced secret no longer signs.
        fixture.Advance(TimeSpan.FromHours(25));
        await fixture.ChangePriceAsync(eventId, 12m);
        Assert.True(await hook.WaitForAsync(r => r.Count >= 2, Patience), "nothing delivered after the overlap");
        var after = hook.Received.ToArray()[1];
        Assert.Single(after.Signature.Split(' '));
        Assert.True(Verifies(fresh, after), "a delivery after the overlap does not verify with the new secret");
        Assert.False(Verifies(old, after), "a delivery after the overlap still verifies with the replaced secret");
    }

    private bool Verifies(string secret, HookRequest delivery) =>
        WebhookSignature.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body, fixture.Clock.GetUtcNow(), WebhookSignature.DefaultTolerance);
}
