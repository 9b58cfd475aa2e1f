using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Pricing;

public sealed class PricingTests
{
    [Fact]
    public async Task Demand_price_steps_up_at_each_threshold_and_back_down_with_one_history_row_per_change()
    {
        await using var app = await EventlyApp.StartAsync();
        var adminToken = await app.AdminTokenAsync();
        using var admin = app.ClientWithToken(adminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/events", new
        {
            name = "Demand", description = "d", venue = "v", eventDate = DateTimeOffset.UtcNow.AddDays(5), totalCapacity = 20, price = 100m, pricingPolicy = "demand",
        });
        var eventId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        using var user = await app.UserClientAsync();

        var charged = new List<decimal>();
        var bookings = new List<Guid>();
        foreach (var quantity in new[] { 10, 5, 3, 1 })
        {
            var booking = await (await user.BookAsync(eventId, quantity)).JsonAsync();
            charged.Add(booking.GetProperty("unitPrice").GetDecimal());
            bookings.Add(booking.GetProperty("id").GetGuid());
        }

        var atNinetyFive = (await (await user.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync()).GetProperty("price").GetDecimal();
        await user.PostAsync(new Uri($"/api/v1/bookings/{bookings[2]}/cancel", UriKind.Relative), null);
        await user.PostAsync(new Uri($"/api/v1/bookings/{bookings[3]}/cancel", UriKind.Relative), null);
        var afterCancel = (await (await user.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync()).GetProperty("price").GetDecimal();
        var history = (await (await admin.GetAsync(new Uri($"/api/v1/events/{eventId}/price-history", UriKind.Relative))).JsonAsync()).EnumerateArray().ToList();

        // 0% → 100, 50% → 110, 75% → 125, 90% → 150; back to 75% → 125.
        Assert.Equal(new[] { 100m, 110m, 125m, 150m }, charged);
        Assert.Equal(150m, atNinetyFive);
        Assert.Equal(125m, afterCancel);
        Assert.Equal(4, history.Count);
        Assert.All(history, h => Assert.Equal("system", h.GetProperty("appliedBy").GetString()));
        Assert.Equal((150m, 125m), (history[0].GetProperty("oldPrice").GetDecimal(), history[0].GetProperty("newPrice").GetDecimal()));
        Assert.Equal((100m, 110m), (history[3].GetProperty("oldPrice").GetDecimal(), history[3].GetProperty("newPrice").GetDecimal()));
        await app.AssertInvariantsAsync();
    }

    [Fact]
    public async Task A_manual_price_change_records_the_admin_and_applies_to_the_next_booking()
    {
        await using var app = await EventlyApp.StartAsync();
        var adminToken = await app.AdminTokenAsync();
        using var admin = app.ClientWithToken(adminToken);
        var eventId = await app.CreateEventAsync(adminToken, capacity: 10, price: 20m);
        var adminId = await TestPostgres.ScalarAsync<Guid>(app.Directory, "SELECT id FROM users WHERE email = @e", ("e", EventlyApp.AdminEmail));
        using var user = await app.UserClientAsync();

        var put = await admin.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 35.5m, reason = "Headliner announced" });
        var bad = await admin.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = -1m, reason = "" });
        var asUser = await user.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 1m, reason = "cheap" });
        var booking = await (await user.BookAsync(eventId, 2)).JsonAsync();
        var history = (await (await admin.GetAsync(new Uri($"/api/v1/events/{eventId}/price-history", UriKind.Relative))).JsonAsync()).EnumerateArray().Single();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(35.5m, (await put.JsonAsync()).GetProperty("basePrice").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        Assert.Equal(71m, booking.GetProperty("totalAmount").GetDecimal());
        Assert.Equal(adminId.ToString(), history.GetProperty("appliedBy").GetString());
        Assert.Equal("Headliner announced", history.GetProperty("changeReason").GetString());
        Assert.Equal(20m, history.GetProperty("oldPrice").GetDecimal());
    }
}
