using System.Net;
using System.Net.Http.Json;
using System.Text;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Holds;

/// <summary>Every status and code of the checkout-hold endpoints, through the real host and PostgreSQL.</summary>
public sealed class HoldApiTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_hold_moves_seats_to_held_at_a_fixed_price_and_is_written_with_them()
    {
        var eventId = await CreateEventAsync(capacity: 10, price: 20m, holdMinutes: 7);
        var (userId, token) = await App.RegisterAsync();
        using var client = App.ClientWithToken(token);

        var response = await client.HoldAsync(eventId, 3);
        var hold = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var holdId = hold.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/holds/{holdId}", response.Headers.Location?.OriginalString);
        Assert.Equal(eventId, hold.GetProperty("eventId").GetGuid());
        Assert.Equal(userId, hold.GetProperty("userId").GetGuid());
        Assert.Equal(3, hold.GetProperty("quantity").GetInt32());
        Assert.Equal(20m, hold.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(60m, hold.GetProperty("totalAmount").GetDecimal());
        Assert.Equal("held", hold.GetProperty("status").GetString());
        var created = hold.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(created.AddMinutes(7), hold.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal((7, 3), await client.SeatsAsync(eventId));
        var shard = App.ShardOf(eventId);
        Assert.Equal("held", await HoldClient.HoldStatusAsync(shard, holdId));
        await App.AssertInvariantsAsync();

        // The price is the hold's: a price change after it does not reach the booking.
        using var admin = Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 35m, reason = "up" })).StatusCode);
        var confirmed = await client.ConfirmAsync(holdId);
        var booking = await confirmed.JsonAsync();

        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        Assert.Equal($"/api/v1/bookings/{booking.GetProperty("id").GetGuid()}", confirmed.Headers.Location?.OriginalString);
        Assert.Equal(20m, booking.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(60m, booking.GetProperty("totalAmount").GetDecimal());
        Assert.Equal(3, booking.GetProperty("quantity").GetInt32());
        Assert.Equal("confirmed", booking.GetProperty("status").GetString());
        Assert.Equal((7, 0), await client.SeatsAsync(eventId));
        Assert.Equal(3, await App.SoldAsync(eventId));
        var read = await (await client.ReadHoldAsync(holdId)).JsonAsync();
        Assert.Equal("confirmed", read.GetProperty("status").GetString());
        Assert.Equal(booking.GetProperty("id").GetGuid(), read.GetProperty("bookingId").GetGuid());
        await App.AssertInvariantsAsync();
    }

    [Theory]
    [InlineData("{\"quantity\":0}")]
    [InlineData("{\"quantity\":11}")]
    [InlineData("{\"quantity\":\"two\"}")]
    [InlineData("{}")]
    [InlineData("{\"quantity\":")]
    public async Task Bad_hold_bodies_are_400_validation_failed_and_hold_nothing(string body)
    {
        var eventId = await CreateEventAsync(capacity: 10);
        using var client = await App.UserClientAsync();

        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri($"/api/v1/events/{eventId}/holds", UriKind.Relative), content);

        await response.AssertProblemAsync(400, "validation_failed");
        Assert.Equal((10, 0), await client.SeatsAsync(eventId));
    }

    [Fact]
    public async Task Holds_obey_the_booking_rules()
    {
        var eventId = await CreateEventAsync(capacity: 3);
        using var client = await App.UserClientAsync();

        var badKey = await client.HoldAsync(eventId, 1, "key with spaces");
        var unknown = await client.HoldAsync(Guid.CreateVersion7(), 1);
        Assert.Equal(HttpStatusCode.Created, (await client.HoldAsync(eventId, 2)).StatusCode);
        var soldOut = await client.HoldAsync(eventId, 2);
        var booked = await client.BookAsync(eventId, 2);

        await badKey.AssertProblemAsync(400, "validation_failed");
        await unknown.AssertProblemAsync(404, "event_not_found");
        Assert.Equal(1, (await soldOut.AssertProblemAsync(409, "sold_out")).GetProperty("availableSeats").GetInt32());
        // Held seats are nobody else's to book.
        Assert.Equal("sold_out", await booked.CodeAsync());

        using var admin = Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/v1/events/{eventId}/cancel", UriKind.Relative), null)).StatusCode);
        var cancelled = await client.HoldAsync(eventId, 1);

        await cancelled.AssertProblemAsync(409, "event_not_bookable");
        // The cancellation released the hold with everything else.
        Assert.Equal((3, 0), await client.SeatsAsync(eventId));
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task A_retry_with_the_same_key_is_the_same_hold_and_another_body_is_refused()
    {
        var eventId = await CreateEventAsync(capacity: 10);
        using var client = await App.UserClientAsync();

        var first = await client.HoldAsync(eventId, 2, "pay-1");
        var again = await client.HoldAsync(eventId, 2, "pay-1");
        var other = await client.HoldAsync(eventId, 3, "pay-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetGuid(), (await again.JsonAsync()).GetProperty("id").GetGuid());
        await other.AssertProblemAsync(409, "idempotency_key_reused");
        Assert.Equal((8, 2), await client.SeatsAsync(eventId));
    }

    [Fact]
    public async Task Reading_a_hold_is_for_its_owner_and_admins()
    {
        var eventId = await CreateEventAsync(capacity: 10);
        using var owner = await App.UserClientAsync();
        using var other = await App.UserClientAsync();
        using var admin = Admin();
        var holdId = await owner.HoldIdAsync(eventId, 1);

        var mine = await owner.ReadHoldAsync(holdId);
        var theirs = await other.ReadHoldAsync(holdId);
        var anyones = await admin.ReadHoldAsync(holdId);
        var nothing = await owner.ReadHoldAsync(Guid.CreateVersion7());

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("held", (await mine.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, anyones.StatusCode);
        await theirs.AssertProblemAsync(404, "hold_not_found");
        await nothing.AssertProblemAsync(404, "hold_not_found");
    }

    [Fact]
    public async Task Confirming_is_the_owners_a_repeat_is_the_same_booking_and_a_released_hold_is_expired()
    {
        var eventId = await CreateEventAsync(capacity: 10);
        using var owner = await App.UserClientAsync();
        using var other = await App.UserClientAsync();
        using var admin = Admin();
        var holdId = await owner.HoldIdAsync(eventId, 2);
        var released = await owner.HoldIdAsync(eventId, 1);

        var stranger = await other.ConfirmAsync(holdId);
        var byAdmin = await admin.ConfirmAsync(holdId);
        var first = await owner.ConfirmAsync(holdId);
        var repeat = await owner.ConfirmAsync(holdId);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.ReleaseAsync(released)).StatusCode);
        var afterRelease = await owner.ConfirmAsync(released);
        var unknown = await owner.ConfirmAsync(Guid.CreateVersion7());

        await stranger.AssertProblemAsync(404, "hold_not_found");
        Assert.Equal(HttpStatusCode.NotFound, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetGuid(), (await repeat.JsonAsync()).GetProperty("id").GetGuid());
        await afterRelease.AssertProblemAsync(409, "hold_expired");
        Assert.Equal("hold_not_found", await unknown.CodeAsync());
        Assert.Equal(2, await App.SoldAsync(eventId));
        Assert.Equal((8, 0), await owner.SeatsAsync(eventId));
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Releasing_is_idempotent_for_owner_and_admin_refused_to_strangers_and_to_confirmed_holds()
    {
        var eventId = await CreateEventAsync(capacity: 10);
        using var owner = await App.UserClientAsync();
        using var other = await App.UserClientAsync();
        using var admin = Admin();
        var mine = await owner.HoldIdAsync(eventId, 2);
        var byAdmin = await owner.HoldIdAsync(eventId, 3);
        var confirmed = await owner.HoldIdAsync(eventId, 1);
        Assert.Equal(HttpStatusCode.Created, (await owner.ConfirmAsync(confirmed)).StatusCode);

        var stranger = await other.ReleaseAsync(mine);
        var first = await owner.ReleaseAsync(mine);
        var repeat = await owner.ReleaseAsync(mine);
        var admins = await admin.ReleaseAsync(byAdmin);
        var ofConfirmed = await owner.ReleaseAsync(confirmed);
        var unknown = await owner.ReleaseAsync(Guid.CreateVersion7());

        await stranger.AssertProblemAsync(404, "hold_not_found");
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, repeat.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, admins.StatusCode);
        await ofConfirmed.AssertProblemAsync(409, "hold_confirmed");
        Assert.Equal("hold_not_found", await unknown.CodeAsync());
        Assert.Equal((9, 0), await owner.SeatsAsync(eventId));
        var shard = App.ShardOf(eventId);
        Assert.Equal("released", await HoldClient.HoldStatusAsync(shard, mine));
        Assert.Equal("released", (await (await owner.ReadHoldAsync(mine)).JsonAsync()).GetProperty("status").GetString());
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Released_seats_go_to_the_waitlist_first()
    {
        var eventId = await CreateEventAsync(capacity: 2);
        using var holder = await App.UserClientAsync();
        using var waiter = await App.UserClientAsync();
        var holdId = await holder.HoldIdAsync(eventId, 2);
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 2 })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await holder.ReleaseAsync(holdId)).StatusCode);

        var entry = await (await waiter.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        Assert.Equal("promoted", entry.GetProperty("status").GetString());
        Assert.Equal((0, 2), await holder.SeatsAsync(eventId));
        Assert.Equal("sold_out", await (await holder.HoldAsync(eventId, 1)).CodeAsync());
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Sixteen_parallel_confirms_of_one_hold_make_one_booking()
    {
        var eventId = await CreateEventAsync(capacity: 10);
        var (userId, token) = await App.RegisterAsync();
        using var client = App.ClientWithToken(token);
        var holdId = await client.HoldIdAsync(eventId, 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.ConfirmAsync(holdId)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        var shard = App.ShardOf(eventId);
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM bookings WHERE event_id = @e AND user_id = @u", ("e", eventId), ("u", userId)));
        Assert.Equal(2, await App.SoldAsync(eventId));
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Hold_minutes_are_validated_created_edited_and_read()
    {
        using var admin = Admin();
        var tooLong = await admin.PostAsJsonAsync("/api/v1/events", EventBody(1, 10m, holdMinutes: 61));
        var tooShort = await admin.PostAsJsonAsync("/api/v1/events", EventBody(1, 10m, holdMinutes: 0));
        var byDefault = await (await admin.PostAsJsonAsync("/api/v1/events", EventBody(1, 10m, holdMinutes: null))).JsonAsync();
        var eventId = byDefault.GetProperty("id").GetGuid();

        var edited = await admin.PatchAsJsonAsync($"/api/v1/events/{eventId}", new { holdMinutes = 25 });
        var badEdit = await admin.PatchAsJsonAsync($"/api/v1/events/{eventId}", new { holdMinutes = 100 });
        var read = await (await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();

        Assert.Equal("validation_failed", await tooLong.CodeAsync());
        Assert.Equal("validation_failed", await tooShort.CodeAsync());
        Assert.Equal(10, byDefault.GetProperty("holdMinutes").GetInt32());
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(25, (await edited.JsonAsync()).GetProperty("holdMinutes").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, badEdit.StatusCode);
        Assert.Equal(25, read.GetProperty("holdMinutes").GetInt32());
        var shard = App.ShardOf(eventId);
        Assert.Equal(25, await TestPostgres.ScalarAsync<int>(shard, "SELECT hold_minutes FROM events WHERE id = @id", ("id", eventId)));
    }

    private HttpClient Admin() => App.ClientWithToken(fixture.Admin);

    private async Task<Guid> CreateEventAsync(int capacity, decimal price = 10m, int? holdMinutes = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/events", EventBody(capacity, price, holdMinutes));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    internal static object EventBody(int capacity, decimal price, int? holdMinutes) => new
    {
        name = "Checkout", description = "", venue = "Hall", eventDate = DateTimeOffset.UtcNow.AddDays(10), totalCapacity = capacity, price, holdMinutes,
    };
}
