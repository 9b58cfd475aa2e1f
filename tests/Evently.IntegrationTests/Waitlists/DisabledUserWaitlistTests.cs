using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Waitlists;

public sealed class DisabledUserWaitlistTests
{
    [Fact]
    public async Task A_disabled_user_is_skipped_their_held_seats_pass_on_at_once_and_enabling_them_returns_their_place()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var eventId = await app.CreateEventAsync(admin, capacity: 2);
        using var buyer = await app.UserClientAsync();
        var sold = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            sold.Add((await (await buyer.BookAsync(eventId, 1)).JsonAsync()).GetProperty("id").GetGuid());
        }

        var users = await app.RegisterManyAsync(3);
        foreach (var (_, token) in users)
        {
            using var client = app.ClientWithToken(token);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 })).StatusCode);
        }

        var (holder, first, second) = (users[0], users[1], users[2]);

        // The head holds a promotion and the user behind waits when both accounts are disabled: the held seat passes
        // at once past both, to the third in line.
        await buyer.PostAsync(new Uri($"/api/v1/bookings/{sold[0]}/cancel", UriKind.Relative), null);
        var disableFirst = await adminClient.PatchAsJsonAsync($"/api/v1/admin/users/{first.Id}", new { isActive = false });
        var disableHolder = await adminClient.PatchAsJsonAsync($"/api/v1/admin/users/{holder.Id}", new { isActive = false });
        // A seat frees with nobody else in line: it stays on sale.
        await buyer.PostAsync(new Uri($"/api/v1/bookings/{sold[1]}/cancel", UriKind.Relative), null);
        var line = await (await adminClient.GetAsync(new Uri($"/api/v1/admin/events/{eventId}/waitlist", UriKind.Relative))).JsonAsync();
        var ev = await (await buyer.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
        var shard = app.ShardOf(eventId);
        var released = await TestPostgres.ScalarAsync<long>(shard,
            "SELECT count(*) FROM waitlist_promotions p JOIN waitlists w ON w.id = p.waitlist_id WHERE w.user_id = @u AND p.status = 'released'", ("u", holder.Id));
        var quietNotes = await TestPostgres.ScalarAsync<long>(shard,
            "SELECT count(*) FROM notifications WHERE user_id = @u AND kind = 'waitlist_promoted'", ("u", first.Id));

        Assert.Equal(HttpStatusCode.OK, disableHolder.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disableFirst.StatusCode);
        Assert.Equal(1L, released);
        Assert.Equal(0L, quietNotes);
        Assert.Equal(1, line.GetProperty("totalCount").GetInt32());
        Assert.Equal(second.Id, line.GetProperty("items")[0].GetProperty("userId").GetGuid());
        Assert.Equal("promoted", line.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal((1, 1), (ev.GetProperty("availableSeats").GetInt32(), ev.GetProperty("heldSeats").GetInt32()));

        // Enabled again, both are back in their places ahead of the user who joined after them, waiting.
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PatchAsJsonAsync($"/api/v1/admin/users/{holder.Id}", new { isActive = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PatchAsJsonAsync($"/api/v1/admin/users/{first.Id}", new { isActive = true })).StatusCode);
        using var holderClient = app.ClientWithToken(await app.LoginAsync(await EmailOfAsync(app, holder.Id), "Password-123"));
        var back = await (await holderClient.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        var after = await (await adminClient.GetAsync(new Uri($"/api/v1/admin/events/{eventId}/waitlist", UriKind.Relative))).JsonAsync();

        // The free seat went to the holder as soon as they were back in line: first fit in queue order.
        Assert.Equal(1, back.GetProperty("position").GetInt32());
        Assert.Equal([holder.Id, first.Id, second.Id], after.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("userId").GetGuid()));
        await app.AssertInvariantsAsync();
    }

    private static Task<string> EmailOfAsync(EventlyApp app, Guid userId) =>
        TestPostgres.ScalarAsync<string>(app.Directory, "SELECT email FROM users WHERE id = @id", ("id", userId));
}
