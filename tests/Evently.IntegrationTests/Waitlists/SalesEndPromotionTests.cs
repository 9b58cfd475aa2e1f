using System.Net;
using System.Net.Http.Json;
using Evently.Grains.Events;
using Evently.IntegrationTests.Holds;
using Evently.IntegrationTests.Infrastructure;
using Evently.IntegrationTests.SaleDay;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Waitlists;

/// <summary>
/// Promotions and the end of sales through the real host: the event grains' clock (and only theirs) is moved past the
/// close, so no test waits for it. A seat freed after the close promotes nobody; a promotion made before it is kept.
/// </summary>
public sealed class SalesEndPromotionTests
{
    [Fact]
    public async Task After_the_close_a_cancellation_promotes_nobody_and_an_earlier_promotion_can_still_be_claimed()
    {
        var clock = new ShiftedClock();
        await using var app = await EventlyApp.StartAsync(services: s => s.AddKeyedSingleton<TimeProvider>(EventClock.Key, clock));
        var admin = await app.AdminTokenAsync();
        var closes = DateTimeOffset.UtcNow.AddMinutes(10);
        var sale = new { salesEndAt = closes, promotionWindowMinutes = 30 };
        var late = (await app.CreateSaleAsync(admin, sale, capacity: 1)).GetProperty("id").GetGuid();
        var early = (await app.CreateSaleAsync(admin, sale, capacity: 1)).GetProperty("id").GetGuid();
        using var buyer = await app.UserClientAsync();
        using var stranger = await app.UserClientAsync();
        var (waiterId, waiterToken) = await app.RegisterAsync();
        var (holderId, holderToken) = await app.RegisterAsync();
        using var waiter = app.ClientWithToken(waiterToken);
        using var holder = app.ClientWithToken(holderToken);

        // Both events sold out with one user waiting; on the second the seat comes back before the close.
        var lateBooking = await BookedIdAsync(buyer, late);
        var earlyBooking = await BookedIdAsync(buyer, early);
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{late}/waitlist", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await holder.PostAsJsonAsync($"/api/v1/events/{early}/waitlist", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(buyer, earlyBooking)).StatusCode);
        Assert.Equal("promoted", await StatusAsync(holder, early));

        clock.Offset = closes - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);

        // After the close: the freed seat goes back to the (closed) sale, held for nobody, and nobody is told of a promotion.
        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(buyer, lateBooking)).StatusCode);
        Assert.Equal("waiting", await StatusAsync(waiter, late));
        Assert.Equal((1, 0), await buyer.SeatsAsync(late));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(app.ShardOf(late),
            "SELECT count(*) FROM notifications WHERE user_id = @u AND kind = 'waitlist_promoted'", ("u", waiterId)));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(app.ShardOf(late),
            "SELECT count(*) FROM waitlist_promotions WHERE event_id = @e", ("e", late)));
        await (await stranger.BookAsync(late, 1)).AssertProblemAsync(409, "sales_closed");
        await (await waiter.BookAsync(late, 1)).AssertProblemAsync(409, "sales_closed");

        // The promotion made before the close is kept until its window ends; nobody else may buy.
        await (await stranger.BookAsync(early, 1)).AssertProblemAsync(409, "sales_closed");
        var claimed = await holder.BookAsync(early, 1);
        Assert.Equal(HttpStatusCode.Created, claimed.StatusCode);
        Assert.Equal(holderId, (await claimed.JsonAsync()).GetProperty("userId").GetGuid());
        Assert.Equal("booked", await StatusAsync(holder, early));
        Assert.Equal(1, await app.SoldAsync(early));
        await app.AssertInvariantsAsync();
    }

    private static async Task<Guid> BookedIdAsync(HttpClient client, Guid eventId)
    {
        var response = await client.BookAsync(eventId, 1);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> CancelAsync(HttpClient client, Guid bookingId) =>
        client.PostAsync(new Uri($"/api/v1/bookings/{bookingId}/cancel", UriKind.Relative), null);

    private static async Task<string?> StatusAsync(HttpClient client, Guid eventId) =>
        (await (await client.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync()).GetProperty("status").GetString();
}
