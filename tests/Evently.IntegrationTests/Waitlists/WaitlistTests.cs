using System.Net;
using System.Net.Http.Json;
using Evently.Grains.Notifications;
using Evently.IntegrationTests.Infrastructure;
using Evently.IntegrationTests.Webhooks;

namespace Evently.IntegrationTests.Waitlists;

public sealed class WaitlistTests
{
    [Fact]
    public async Task A_cancellation_promotes_the_head_whose_held_seats_only_the_holder_can_book()
    {
        using var receiver = new WebhookReceiver();
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:Webhooks:AllowedHosts:0"] = $"127.0.0.1:{receiver.Port}",
            ["Evently:Webhooks:SigningSecret"] = "test-webhook-secret-0123",
        });
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 2);
        using var buyer = await app.UserClientAsync();
        var sold = await (await buyer.BookAsync(eventId, 1)).JsonAsync();
        Assert.Equal(HttpStatusCode.Created, (await buyer.BookAsync(eventId, 1)).StatusCode);
        var waiting = new List<(Guid Id, HttpClient Client)>();
        for (var i = 0; i < 3; i++)
        {
            var (id, token) = await app.RegisterAsync();
            waiting.Add((id, app.ClientWithToken(token)));
        }

        var joins = new List<HttpResponseMessage>();
        foreach (var (_, client) in waiting)
        {
            joins.Add(await client.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1, notificationPreferences = new { inApp = true, webhookUrl = receiver.Url } }));
        }

        var again = await waiting[0].Client.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 });
        var cancel = await buyer.PostAsync(new Uri($"/api/v1/bookings/{sold.GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null);
        var head = await (await waiting[0].Client.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        var second = await (await waiting[1].Client.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        var outsider = await waiting[1].Client.BookAsync(eventId, 1);
        var ev = await (await buyer.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
        var holderBooking = await waiting[0].Client.BookAsync(eventId, 1);
        var afterBooking = await (await waiting[0].Client.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        var adminView = await (await app.ClientWithToken(admin).GetAsync(new Uri($"/api/v1/admin/events/{eventId}/waitlist", UriKind.Relative))).JsonAsync();

        Assert.All(joins, j => Assert.Equal(HttpStatusCode.Created, j.StatusCode));
        var positions = await Task.WhenAll(joins.Select(async j => (await j.JsonAsync()).GetProperty("position").GetInt32()));
        Assert.Equal(new[] { 1, 2, 3 }, positions);
        Assert.Equal("already_waitlisted", await again.CodeAsync());
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("promoted", head.GetProperty("status").GetString());
        Assert.Equal(1, head.GetProperty("promotion").GetProperty("quantity").GetInt32());
        Assert.Equal("waiting", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("position").GetInt32());
        Assert.Equal("sold_out", await outsider.CodeAsync());
        Assert.Equal((0, 1), (ev.GetProperty("availableSeats").GetInt32(), ev.GetProperty("heldSeats").GetInt32()));
        Assert.Equal(HttpStatusCode.Created, holderBooking.StatusCode);
        Assert.Equal("booked", afterBooking.GetProperty("status").GetString());
        Assert.Equal(2, adminView.GetProperty("totalCount").GetInt32());
        var listed = adminView.GetProperty("items");
        Assert.Equal(2, listed.GetArrayLength());
        Assert.Equal(waiting[1].Id, listed[0].GetProperty("userId").GetGuid());
        Assert.Equal([1, 2], listed.EnumerateArray().Select(e => e.GetProperty("position").GetInt32()));
        var shard = app.ShardOf(eventId);
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM waitlist_promotions WHERE event_id = @id AND status = 'booked' AND booking_id IS NOT NULL", ("id", eventId)));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM waitlists WHERE event_id = @id AND status = 'booked'", ("id", eventId)));
        await app.AssertInvariantsAsync();

        // The promotion reached the holder in-app and by a signed webhook.
        var notes = await (await waiting[0].Client.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync();
        Assert.Contains(notes.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "waitlist_promoted");
        await Poll.UntilAsync(() => !receiver.Received.IsEmpty, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));

        Assert.True(receiver.Received.TryPeek(out var delivery), "no webhook delivered");
        Assert.Contains("waitlist_promoted", delivery.Body, StringComparison.Ordinal);
        // Signed with the holder's own secret (not the deployment's), and no replayable body-only header by default.
        var secret = await UserWebhookSecret.OfAsync(waiting[0].Client);
        Assert.True(WebhookSignature.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify("test-webhook-secret-0123", delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance));
        Assert.Null(delivery.LegacySignature);
        foreach (var (_, client) in waiting)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Waitlist_refuses_when_seats_are_free_and_leaving_passes_held_seats_on()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 1);
        using var first = await app.UserClientAsync();
        using var second = await app.UserClientAsync();

        var early = await first.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 });
        var booking = await (await first.BookAsync(eventId, 1)).JsonAsync();
        var badHook = await second.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { notificationPreferences = new { webhookUrl = "http://169.254.169.254/latest" } });
        var ftp = await second.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { notificationPreferences = new { webhookUrl = "ftp://example.com/x" } });
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 })).StatusCode);
        await first.PostAsync(new Uri($"/api/v1/bookings/{booking.GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null);
        var promoted = await (await second.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        var leave = await second.DeleteAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative));
        var leaveAgain = await second.DeleteAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative));
        var next = await (await first.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        var unknown = await second.GetAsync(new Uri($"/api/v1/events/{Guid.CreateVersion7()}/waitlist/me", UriKind.Relative));

        Assert.Equal("seats_available", await early.CodeAsync());
        Assert.Equal("validation_failed", await badHook.CodeAsync());
        Assert.Equal("validation_failed", await ftp.CodeAsync());
        Assert.Equal("promoted", promoted.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        Assert.Equal("not_on_waitlist", await leaveAgain.CodeAsync());
        Assert.Equal("promoted", next.GetProperty("status").GetString());
        Assert.Equal("event_not_found", await unknown.CodeAsync());
        await app.AssertInvariantsAsync();
    }
}
