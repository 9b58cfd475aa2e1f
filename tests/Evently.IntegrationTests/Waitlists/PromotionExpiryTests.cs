using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Waitlists;

/// <summary>Promotion windows are at least a minute, so these tests wait for real time; both run at once.</summary>
public sealed class PromotionExpiryTests
{
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task A_promotion_expires_by_timer_while_alive_and_by_reminder_after_deactivation()
    {
        await Task.WhenAll(ExpireAsync(deactivate: false), ExpireAsync(deactivate: true));
    }

    private static async Task ExpireAsync(bool deactivate)
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var created = await adminClient.PostAsJsonAsync("/api/v1/events", new
        {
            name = "Expiry", description = "", venue = "v", eventDate = DateTimeOffset.UtcNow.AddDays(3), totalCapacity = 1, price = 10m, promotionWindowMinutes = 1,
        });
        var eventId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var (holderId, holderToken) = await app.RegisterAsync();
        var (nextId, nextToken) = await app.RegisterAsync();
        using var buyer = await app.UserClientAsync();
        using var holder = app.ClientWithToken(holderToken);
        using var next = app.ClientWithToken(nextToken);
        var booking = await (await buyer.BookAsync(eventId, 1)).JsonAsync();
        Assert.Equal(HttpStatusCode.Created, (await holder.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await next.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { })).StatusCode);
        await buyer.PostAsync(new Uri($"/api/v1/bookings/{booking.GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null);
        Assert.Equal("promoted", (await (await holder.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync()).GetProperty("status").GetString());
        var shard = app.ShardOf(eventId);

        if (deactivate)
        {
            // No live activation: only the durable reminder can wake the event.
            await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }

        await Poll.UntilAsync(async () => await StatusAsync(shard, holderId) == "expired", TimeSpan.FromSeconds(150), TimeSpan.FromMilliseconds(500));

        Assert.Equal("expired", await StatusAsync(shard, holderId));
        Assert.Equal("promoted", await StatusAsync(shard, nextId));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM waitlist_promotions WHERE event_id = @id AND status = 'expired'", ("id", eventId)));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM notifications WHERE user_id = @u AND kind = 'promotion_expired'", ("u", holderId)));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM notifications WHERE user_id = @u AND kind = 'waitlist_promoted'", ("u", nextId)));
        await app.AssertInvariantsAsync();
    }

    private static Task<string> StatusAsync(string shard, Guid userId) =>
        TestPostgres.ScalarAsync<string>(shard, "SELECT status FROM waitlists WHERE user_id = @u", ("u", userId));
}
