using System.Net;
using System.Net.Http.Json;
using System.Text;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Bookings;

public sealed class BookingApiTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Theory]
    [InlineData("{\"quantity\":0}")]
    [InlineData("{\"quantity\":11}")]
    [InlineData("{\"quantity\":-5}")]
    [InlineData("{\"quantity\":\"two\"}")]
    [InlineData("{\"quantity\":1.5}")]
    [InlineData("{}")]
    [InlineData("{\"quantity\":")]
    [InlineData("[1,2]")]
    [InlineData("{\"quantity\":99999999999999999999}")]
    public async Task Bad_booking_bodies_are_400_validation_failed_and_change_nothing(string body)
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var client = await App.UserClientAsync();

        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri($"/api/v1/events/{eventId}/bookings", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("validation_failed", await response.CodeAsync());
        Assert.True((await response.JsonAsync()).TryGetProperty("errors", out _));
        Assert.Equal(0, await App.SoldAsync(eventId));
    }

    [Theory]
    [InlineData("key with spaces")]
    [InlineData("this-key-is-far-too-long-0123456789012345678901234567890123456789")]
    public async Task Bad_idempotency_keys_are_refused(string key)
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var client = await App.UserClientAsync();

        var response = await client.BookAsync(eventId, 1, key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await response.CodeAsync());
    }

    [Fact]
    public async Task A_booking_is_charged_the_price_in_force_and_has_a_readable_ref()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10, price: 49.90m);
        var (userId, token) = await App.RegisterAsync();
        using var client = App.ClientWithToken(token);

        var response = await client.BookAsync(eventId, 3);
        var booking = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/bookings/{booking.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        Assert.Matches("^EV-[0-9A-Z]{10}$", booking.GetProperty("bookingRef").GetString());
        Assert.Equal(49.90m, booking.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(149.70m, booking.GetProperty("totalAmount").GetDecimal());
        Assert.Equal("confirmed", booking.GetProperty("status").GetString());
        Assert.Equal(userId, booking.GetProperty("userId").GetGuid());
        var ev = await (await client.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
        Assert.Equal(7, ev.GetProperty("availableSeats").GetInt32());
    }

    [Fact]
    public async Task Sold_out_says_how_many_seats_are_left_and_holds_nothing()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 3);
        using var client = await App.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.BookAsync(eventId, 2)).StatusCode);

        var response = await client.BookAsync(eventId, 2);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("sold_out", await response.CodeAsync());
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("availableSeats").GetInt32());
        Assert.Equal(2, await App.SoldAsync(eventId));
    }

    [Fact]
    public async Task Unknown_events_are_404_event_not_found()
    {
        using var client = await App.UserClientAsync();

        var booking = await client.BookAsync(Guid.CreateVersion7(), 1);
        var read = await client.GetAsync(new Uri($"/api/v1/events/{Guid.CreateVersion7()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, booking.StatusCode);
        Assert.Equal("event_not_found", await booking.CodeAsync());
        Assert.Equal("event_not_found", await read.CodeAsync());
    }

    [Fact]
    public async Task Cancelled_events_are_not_bookable_and_their_bookings_are_refunded()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var client = await App.UserClientAsync();
        using var admin = App.ClientWithToken(fixture.Admin);
        var booked = await (await client.BookAsync(eventId, 4)).JsonAsync();

        var cancel = await admin.PostAsync(new Uri($"/api/v1/events/{eventId}/cancel", UriKind.Relative), null);
        var cancelAgain = await admin.PostAsync(new Uri($"/api/v1/events/{eventId}/cancel", UriKind.Relative), null);
        var after = await client.BookAsync(eventId, 1);
        var booking = await (await client.GetAsync(new Uri($"/api/v1/bookings/{booked.GetProperty("id").GetGuid()}", UriKind.Relative))).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(10, (await cancel.JsonAsync()).GetProperty("availableSeats").GetInt32());
        Assert.Equal(HttpStatusCode.OK, cancelAgain.StatusCode);
        Assert.Equal("event_not_bookable", await after.CodeAsync());
        Assert.Equal("cancelled", booking.GetProperty("status").GetString());
        Assert.Equal(0, await App.SoldAsync(eventId));
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Cancelling_a_booking_returns_its_seats_once_and_is_idempotent()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 5);
        using var client = await App.UserClientAsync();
        var id = (await (await client.BookAsync(eventId, 5)).JsonAsync()).GetProperty("id").GetGuid();

        var first = await client.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null);
        var second = await client.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null);
        var ev = await (await client.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("cancelled", (await first.JsonAsync()).GetProperty("status").GetString());
        Assert.True((await first.JsonAsync()).TryGetProperty("cancelledAt", out _));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(5, ev.GetProperty("availableSeats").GetInt32());
        Assert.Equal(0, await App.SoldAsync(eventId));
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Another_users_booking_is_404_to_read_and_to_cancel_but_visible_to_admins()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 5);
        using var ownerClient = await App.UserClientAsync();
        using var strangerClient = await App.UserClientAsync();
        using var adminClient = App.ClientWithToken(fixture.Admin);
        var id = (await (await ownerClient.BookAsync(eventId, 1)).JsonAsync()).GetProperty("id").GetGuid();

        var read = await strangerClient.GetAsync(new Uri($"/api/v1/bookings/{id}", UriKind.Relative));
        var cancel = await strangerClient.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null);
        var missing = await ownerClient.GetAsync(new Uri($"/api/v1/bookings/{Guid.CreateVersion7()}", UriKind.Relative));
        var asAdmin = await adminClient.GetAsync(new Uri($"/api/v1/bookings/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("booking_not_found", await read.CodeAsync());
        Assert.Equal("booking_not_found", await cancel.CodeAsync());
        Assert.Equal("booking_not_found", await missing.CodeAsync());
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(1, await App.SoldAsync(eventId));
    }

    [Fact]
    public async Task Booking_history_spans_shards_newest_first_and_pages()
    {
        var (_, otherAdminToken) = await PromoteToAdminAsync();
        var first = await App.CreateEventAsync(fixture.Admin, capacity: 5, name: "First");
        var second = await App.CreateEventAsync(otherAdminToken, capacity: 5, name: "Second");
        using var client = await App.UserClientAsync();
        var ids = new List<Guid>();
        foreach (var eventId in new[] { first, second, first })
        {
            ids.Add((await (await client.BookAsync(eventId, 1)).JsonAsync()).GetProperty("id").GetGuid());
        }

        var page1 = await (await client.GetAsync(new Uri("/api/v1/bookings?page=1&pageSize=2", UriKind.Relative))).JsonAsync();
        var page2 = await (await client.GetAsync(new Uri("/api/v1/bookings?page=2&pageSize=2", UriKind.Relative))).JsonAsync();
        var badPaging = await client.GetAsync(new Uri("/api/v1/bookings?pageSize=101", UriKind.Relative));

        Assert.Equal(3, page1.GetProperty("totalCount").GetInt64());
        var listed = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(b => b.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(HttpStatusCode.BadRequest, badPaging.StatusCode);
    }

    private async Task<(Guid Id, string Token)> PromoteToAdminAsync()
    {
        // An organizer on (very likely) another shard: a second admin made directly in the directory.
        var email = $"organizer-{Guid.NewGuid():N}@example.com";
        var (id, _) = await App.RegisterAsync(email);
        await TestPostgres.ExecuteAsync(App.Directory, $"UPDATE users SET role = 'admin', version = version + 1 WHERE id = '{id}'");
        return (id, await App.LoginAsync(email, "Password-123"));
    }
}
