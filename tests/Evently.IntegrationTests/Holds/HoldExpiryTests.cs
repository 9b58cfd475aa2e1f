using System.Net;
using System.Net.Http.Json;
using Evently.Contracts.Events;
using Evently.Grains.Events;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Holds;

/// <summary>
/// Deadlines without waiting: the event grains' clock (and only theirs) is moved past a hold's deadline, so the
/// expiry has not been processed by any timer or reminder when the confirm arrives.
/// </summary>
public sealed class HoldExpiryTests
{
    [Fact]
    public async Task A_confirm_after_the_deadline_is_hold_expired_even_before_the_expiry_ran_and_the_buyer_is_told()
    {
        var clock = new ShiftedClock();
        await using var app = await EventlyApp.StartAsync(services: s => s.AddKeyedSingleton<TimeProvider>(EventClock.Key, clock));
        var admin = await app.AdminTokenAsync();
        var (userId, token) = await app.RegisterAsync();
        using var adminClient = app.ClientWithToken(admin);
        using var client = app.ClientWithToken(token);
        var eventId = (await (await adminClient.PostAsJsonAsync("/api/v1/events", HoldApiTests.EventBody(5, 10m, holdMinutes: 10))).JsonAsync()).GetProperty("id").GetGuid();
        var holdId = await client.HoldIdAsync(eventId, 2);
        var shard = app.ShardOf(eventId);

        clock.Offset = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1);
        var read = await (await client.ReadHoldAsync(holdId)).JsonAsync();
        var storedBefore = await HoldClient.HoldStatusAsync(shard, holdId);
        var confirm = await client.ConfirmAsync(holdId);
        var again = await client.ConfirmAsync(holdId);

        // Nothing had processed the expiry: the store still said held and read it as expired.
        Assert.Equal("held", storedBefore);
        Assert.Equal("expired", read.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
        Assert.Equal("hold_expired", await confirm.CodeAsync());
        Assert.Equal("hold_expired", await again.CodeAsync());
        Assert.Equal("expired", await HoldClient.HoldStatusAsync(shard, holdId));
        Assert.Equal((5, 0), await client.SeatsAsync(eventId));
        Assert.Equal(0, await app.SoldAsync(eventId));
        var notifications = await (await client.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync();
        var expired = Assert.Single(notifications.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "hold_expired");
        Assert.Equal(holdId, expired.GetProperty("payload").GetProperty("holdId").GetGuid());
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM notifications WHERE user_id = @u AND kind = 'hold_expired'", ("u", userId)));
        Assert.Equal(HttpStatusCode.NoContent, (await client.ReleaseAsync(holdId)).StatusCode);
        await app.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Confirms_racing_the_expiry_never_leave_both_a_booking_and_released_seats()
    {
        var clock = new ShiftedClock();
        await using var app = await EventlyApp.StartAsync(services: s => s.AddKeyedSingleton<TimeProvider>(EventClock.Key, clock));
        var admin = await app.AdminTokenAsync();
        using var adminClient = app.ClientWithToken(admin);
        var eventId = (await (await adminClient.PostAsJsonAsync("/api/v1/events", HoldApiTests.EventBody(100, 10m, holdMinutes: 1))).JsonAsync()).GetProperty("id").GetGuid();
        var users = await app.RegisterManyAsync(24);
        var clients = users.Select(u => app.ClientWithToken(u.Token)).ToArray();
        var holds = new List<(HttpClient Client, Guid Hold, DateTimeOffset ExpiresAt)>();
        foreach (var client in clients)
        {
            var hold = await (await client.HoldAsync(eventId, 2)).JsonAsync();
            holds.Add((client, hold.GetProperty("id").GetGuid(), hold.GetProperty("expiresAt").GetDateTimeOffset()));
            await Task.Delay(40);
        }

        // The grains' clock now stands among the deadlines: some holds are due, some are not, and confirms, timer-style
        // expiry passes and more clock moves all interleave.
        var grain = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId);
        var middle = holds[holds.Count / 2].ExpiresAt;
        clock.Offset = middle - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(300);
        var confirms = holds.Select(h => h.Client.ConfirmAsync(h.Hold)).ToList();
        var expiries = Enumerable.Range(0, 6).Select(async i =>
        {
            await Task.Delay(i * 60);
            clock.Offset += TimeSpan.FromMilliseconds(100);
            return await grain.ExpireDuePromotionsAsync();
        }).ToList();
        var answers = await Task.WhenAll(confirms);
        await Task.WhenAll(expiries);
        clock.Offset = TimeSpan.FromMinutes(2);
        await grain.ExpireDuePromotionsAsync();

        var shard = app.ShardOf(eventId);
        var confirmed = 0;
        for (var i = 0; i < holds.Count; i++)
        {
            var status = await HoldClient.HoldStatusAsync(shard, holds[i].Hold);
            var bookings = await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM bookings WHERE event_id = @e AND user_id = @u", ("e", eventId), ("u", users[i].Id));
            if (answers[i].StatusCode == HttpStatusCode.Created)
            {
                confirmed++;
                Assert.Equal("confirmed", status);
                Assert.Equal(1L, bookings);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, answers[i].StatusCode);
                Assert.Equal("hold_expired", await answers[i].CodeAsync());
                Assert.Equal("expired", status);
                Assert.Equal(0L, bookings);
            }
        }

        Assert.Equal(confirmed * 2, await app.SoldAsync(eventId));
        Assert.Equal((100 - (confirmed * 2), 0), await clients[0].SeatsAsync(eventId));
        Assert.Equal((long)(holds.Count - confirmed), await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM notifications WHERE event_id = @e AND kind = 'hold_expired'", ("e", eventId)));
        await app.AssertInvariantsAsync();
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
