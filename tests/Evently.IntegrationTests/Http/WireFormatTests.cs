using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Http;

/// <summary>
/// One format in every answer and notification (docs/api.md#conventions): money with two decimals, times in UTC with a
/// <c>Z</c> and six fractional digits, the same when a thing is made and when it is read back; optional members absent,
/// never <c>null</c>. A client generated from the document must be able to compare what it got with what it reads later.
/// </summary>
public sealed partial class WireFormatTests
{
    [Fact]
    public async Task Money_has_two_decimals_and_times_one_utc_shape_both_when_made_and_when_read()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var created = await adminClient.PostAsJsonAsync("/api/v1/events", new
        {
            name = "Format", venue = "Hall", eventDate = DateTimeOffset.UtcNow.AddDays(30), totalCapacity = 10, price = 30,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var madeEvent = await created.JsonAsync();
        var eventId = madeEvent.GetProperty("id").GetGuid();
        Assert.Equal("30.00", madeEvent.GetProperty("price").GetRawText());
        Assert.Equal("30.00", madeEvent.GetProperty("basePrice").GetRawText());
        AssertTimes(madeEvent, "eventDate", "createdAt", "updatedAt", "salesStartAt", "salesEndAt");

        using var user = await app.UserClientAsync();
        var made = await (await user.BookAsync(eventId, 2)).JsonAsync();
        var read = await (await user.GetAsync(new Uri($"/api/v1/bookings/{made.GetProperty("id").GetGuid()}", UriKind.Relative))).JsonAsync();
        foreach (var booking in new[] { made, read })
        {
            Assert.Equal("30.00", booking.GetProperty("unitPrice").GetRawText());
            Assert.Equal("60.00", booking.GetProperty("totalAmount").GetRawText());
            AssertTimes(booking, "createdAt");
        }

        Assert.Equal(made.GetProperty("createdAt").GetString(), read.GetProperty("createdAt").GetString());

        var hold = await (await user.PostAsJsonAsync($"/api/v1/events/{eventId}/holds", new { quantity = 1 })).JsonAsync();
        var heldRead = await (await user.GetAsync(new Uri($"/api/v1/holds/{hold.GetProperty("id").GetGuid()}", UriKind.Relative))).JsonAsync();
        foreach (var h in new[] { hold, heldRead })
        {
            Assert.Equal("30.00", h.GetProperty("unitPrice").GetRawText());
            AssertTimes(h, "createdAt", "expiresAt");
        }

        Assert.Equal(hold.GetProperty("expiresAt").GetString(), heldRead.GetProperty("expiresAt").GetString());
        var readEvent = await (await adminClient.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
        Assert.Equal("30.00", readEvent.GetProperty("price").GetRawText());
        Assert.Equal(madeEvent.GetProperty("createdAt").GetString(), readEvent.GetProperty("createdAt").GetString());
        Assert.Equal(madeEvent.GetProperty("eventDate").GetString(), readEvent.GetProperty("eventDate").GetString());

        using var anonymous = app.CreateClient();
        var login = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = EventlyApp.AdminEmail, password = EventlyApp.AdminPassword })).JsonAsync();
        AssertTimes(login, "expiresAt");
    }

    [Fact]
    public async Task Notifications_in_app_and_by_webhook_carry_money_and_times_in_the_same_format()
    {
        using var receiver = new WebhookReceiver();
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:Webhooks:AllowedHosts:0"] = $"127.0.0.1:{receiver.Port}",
            ["Evently:Webhooks:PollInterval"] = "00:00:00.100",
        }, shards: 1);
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var eventId = await app.CreateEventAsync(admin, capacity: 1, price: 10m);
        using var buyer = await app.UserClientAsync();
        using var waiter = await app.UserClientAsync();
        var booking = await (await buyer.BookAsync(eventId, 1)).JsonAsync();
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { notificationPreferences = new { webhookUrl = receiver.Url } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 12, reason = "demand" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsync(new Uri($"/api/v1/bookings/{booking.GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null)).StatusCode);
        await Poll.AssertAsync(() => receiver.Received.Count >= 2, TimeSpan.FromSeconds(20));

        var notes = (await (await waiter.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        var hooks = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToList();
        foreach (var note in notes.Concat(hooks))
        {
            AssertTimes(note, "createdAt");
            var payload = note.GetProperty("payload");
            switch (note.GetProperty("kind").GetString())
            {
                case "price_changed":
                    Assert.Equal("10.00", payload.GetProperty("oldPrice").GetRawText());
                    Assert.Equal("12.00", payload.GetProperty("newPrice").GetRawText());
                    break;
                case "waitlist_promoted":
                    AssertTimes(payload, "expiresAt");
                    Assert.Equal("1", payload.GetProperty("quantity").GetRawText());
                    break;
            }
        }

        Assert.Equal(["price_changed", "waitlist_promoted"], notes.Select(n => n.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["price_changed", "waitlist_promoted"], hooks.Select(n => n.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Optional_members_are_absent_never_null()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 5, price: 10m);
        using var user = await app.UserClientAsync();
        using var anonymous = app.CreateClient();
        var booking = await (await user.BookAsync(eventId, 1)).JsonAsync();
        var hold = await (await user.PostAsJsonAsync($"/api/v1/events/{eventId}/holds", new { quantity = 1 })).JsonAsync();
        var browse = await (await anonymous.GetAsync(new Uri("/api/v1/events?pageSize=100", UriKind.Relative))).JsonAsync();
        var readEvent = await (await anonymous.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
        var bookings = await (await user.GetAsync(new Uri("/api/v1/bookings", UriKind.Relative))).JsonAsync();

        // General admission: no seats; the last page: no cursor; no cap or waiting room: none of them.
        Assert.False(booking.TryGetProperty("seats", out _), booking.GetRawText());
        Assert.False(booking.TryGetProperty("cancelledAt", out _), booking.GetRawText());
        Assert.False(browse.TryGetProperty("nextCursor", out _), browse.GetRawText());
        Assert.False(readEvent.TryGetProperty("maxTicketsPerUser", out _), readEvent.GetRawText());
        Assert.False(readEvent.TryGetProperty("waitingRoom", out _), readEvent.GetRawText());
        foreach (var answer in new[] { booking, hold, browse, readEvent, bookings })
        {
            AssertNoNull(answer, "$");
        }

        // The documented always-present members stay.
        foreach (var member in new[] { "id", "bookingRef", "eventId", "userId", "quantity", "unitPrice", "totalAmount", "status", "createdAt" })
        {
            Assert.True(booking.TryGetProperty(member, out _), member);
        }

        foreach (var member in new[] { "items", "page", "pageSize", "totalCount" })
        {
            Assert.True(browse.TryGetProperty(member, out _), member);
        }

        Assert.Equal("Integration test event", readEvent.GetProperty("description").GetString());
    }

    private static void AssertTimes(JsonElement owner, params string[] members)
    {
        foreach (var member in members)
        {
            var text = owner.GetProperty(member).GetString();
            Assert.True(text is not null && UtcTime().IsMatch(text), $"{member}: {text}");
        }
    }

    private static void AssertNoNull(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.Fail($"{path} is null");
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AssertNoNull(property.Value, $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    AssertNoNull(item, $"{path}[{i++}]");
                }

                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", RegexOptions.CultureInvariant)]
    private static partial Regex UtcTime();
}
