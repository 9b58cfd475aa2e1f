using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.Contracts.Queues;
using Evently.Core.Queues;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evently.IntegrationTests.SaleDay;

/// <summary>The waiting room through the real host and PostgreSQL: opening, lottery, admission, the booking gate, notifications.</summary>
public sealed class WaitingRoomTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task The_queue_opens_before_sales_admits_at_its_pace_and_gates_bookings()
    {
        var users = await App.RegisterManyAsync(30);
        var start = DateTimeOffset.UtcNow.AddSeconds(4);
        var created = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = start, waitingRoom = new { admitPerMinute = 600, admissionMinutes = 10, opensMinutesBefore = 30 } }, capacity: 100);
        var eventId = created.GetProperty("id").GetGuid();
        var clients = users.Select(u => App.ClientWithToken(u.Token)).ToArray();

        // Before the opening: everyone joins (201), a second join keeps the place (200), no position before the draw.
        var joined = await Task.WhenAll(clients.Select(c => c.PostAsync(new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative), null)));
        Assert.All(joined, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var first = await joined[0].JsonAsync();
        var again = await clients[0].PostAsync(new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.JsonAsync();
        Assert.Equal(first.GetProperty("joinedAt").GetDateTimeOffset(), second.GetProperty("joinedAt").GetDateTimeOffset());
        Assert.Equal("waiting", second.GetProperty("status").GetString());
        Assert.True(second.IsNullOrAbsent("position"));
        await (await clients[0].BookAsync(eventId, 1)).AssertProblemAsync(409, "sales_not_open");

        // After the opening a user who never queued is turned away on the booking path.
        using var strangerClient = await App.UserClientAsync();
        await Poll.AssertAsync(() => DateTimeOffset.UtcNow > start.AddMilliseconds(200), TimeSpan.FromSeconds(30));
        await (await strangerClient.BookAsync(eventId, 1)).AssertProblemAsync(403, "admission_required");
        await (await strangerClient.GetAsync(new Uri($"/api/v1/events/{eventId}/queue/me", UriKind.Relative))).AssertProblemAsync(404, "not_in_queue");

        // 30 users at 600 a minute (10 a second): all admitted within about 3 s.
        var places = new JsonElement[clients.Length];
        await Poll.AssertAsync(async () =>
        {
            for (var i = 0; i < clients.Length; i++)
            {
                places[i] = await (await clients[i].GetAsync(new Uri($"/api/v1/events/{eventId}/queue/me", UriKind.Relative))).JsonAsync();
            }

            // Read one by one while admissions go on, so only bounds hold here (density is a WaitingRoomTests matter).
            Assert.All(places.Where(p => !p.IsNullOrAbsent("position")), p => Assert.InRange(p.GetProperty("position").GetInt32(), 1, clients.Length));
            Assert.All(places.Where(p => !p.IsNullOrAbsent("position")), p => Assert.True(p.GetProperty("estimatedWaitSeconds").GetInt32() >= 0));
            return places.All(p => p.GetProperty("status").GetString() == "admitted");
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));

        var admittedUntil = places.Select(p => p.GetProperty("admittedUntil").GetDateTimeOffset()).Order().ToList();
        Assert.InRange(admittedUntil[0], start.AddMinutes(10).AddSeconds(-1), start.AddMinutes(10).AddSeconds(1));
        var span = (admittedUntil[^1] - admittedUntil[0]).TotalSeconds;
        Assert.InRange(span, 29 * 0.1 * 0.9, 29 * 0.1 * 1.1);

        // Admitted users book; the notification says so, in-app.
        var booked = await Task.WhenAll(clients.Select(c => c.BookAsync(eventId, 1)));
        Assert.All(booked, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var notes = await (await clients[0].GetAsync(new Uri("/api/v1/notifications", UriKind.Relative))).JsonAsync();
        Assert.Contains(notes.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "admitted" && n.GetProperty("eventId").GetGuid() == eventId);
        await App.AssertInvariantsAsync();
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_room_untouched_for_longer_than_an_admission_after_the_opening_admits_a_late_joiner_validly()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(2);
        var created = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = start, waitingRoom = new { admitPerMinute = 60, admissionMinutes = 1, opensMinutesBefore = 30 } }, capacity: 10);
        var eventId = created.GetProperty("id").GetGuid();
        using var client = await App.UserClientAsync();

        // Sales open and nobody comes: a room activated meanwhile (its event asks it for admissions) draws an empty
        // line and lets its activation go within about five seconds.
        await Poll.AssertAsync(() => DateTimeOffset.UtcNow > start.AddSeconds(8), TimeSpan.FromSeconds(30));

        // Instead of waiting minutes, the stored opening is moved three minutes back: for the room's next activation the
        // sale opened longer than one admission ago and nobody ever touched it (the event keeps the opening it has).
        await using (var connection = new NpgsqlConnection(App.ShardOf(eventId)))
        {
            await connection.OpenAsync();
            await using var back = new NpgsqlCommand("UPDATE events SET sales_start_at = sales_start_at - interval '3 minutes' WHERE id = @id", connection);
            back.Parameters.AddWithValue("id", eventId);
            Assert.Equal(1, await back.ExecuteNonQueryAsync());
        }

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative), null)).StatusCode);
        JsonElement mine = default;
        await Poll.AssertAsync(async () =>
        {
            mine = await (await client.GetAsync(new Uri($"/api/v1/events/{eventId}/queue/me", UriKind.Relative))).JsonAsync();
            return mine.GetProperty("status").GetString() != "waiting";
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));

        Assert.Equal("admitted", mine.GetProperty("status").GetString());
        var until = mine.GetProperty("admittedUntil").GetDateTimeOffset();
        Assert.True(until > DateTimeOffset.UtcNow.AddSeconds(30), $"admitted until {until:O}, at {DateTimeOffset.UtcNow:O}");
        Assert.Equal(HttpStatusCode.Created, (await client.BookAsync(eventId, 1)).StatusCode);
    }

    [Fact]
    public async Task A_join_is_answered_once_durable_without_waiting_for_the_reminder_table()
    {
        // A silo's reminder service can take many seconds to start (and registering waits for it): a join must not
        // wait for it. Here the reminder table is locked while the first joins arrive; they are answered all the same,
        // and the wake-up reminder is registered once the table is free again.
        var created = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = DateTimeOffset.UtcNow.AddMinutes(5), waitingRoom = new { admitPerMinute = 60, opensMinutesBefore = 30 } });
        var eventId = created.GetProperty("id").GetGuid();
        using var client = await App.UserClientAsync();

        await using (var blocker = new NpgsqlConnection(App.Directory))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE orleansreminderstable IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var joined = await client.PostAsync(new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"the join took {started.Elapsed}");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/v1/events/{eventId}/queue/me", UriKind.Relative))).StatusCode);
            await transaction.RollbackAsync();
        }

        await Poll.AssertAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(App.Directory);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE remindername = 'waiting-room' AND grainid LIKE '%' || @id || '%'", connection);
            count.Parameters.AddWithValue("id", eventId.ToString("N"));
            return (long)(await count.ExecuteScalarAsync())! == 1;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task The_waitlist_is_gated_like_a_booking_by_the_sales_window_and_the_waiting_room()
    {
        var now = DateTimeOffset.UtcNow;
        var notYet = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = now.AddHours(1) }, capacity: 1);
        var closing = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = now.AddSeconds(1), salesEndAt = now.AddSeconds(2) }, capacity: 1);
        var queued = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = now.AddSeconds(1), waitingRoom = new { admitPerMinute = 60 } }, capacity: 1);
        using var client = await App.UserClientAsync();
        Task<HttpResponseMessage> JoinWaitlist(JsonElement created) =>
            client.PostAsJsonAsync($"/api/v1/events/{created.GetProperty("id").GetGuid()}/waitlist", new { quantity = 1 });

        var early = await (await JoinWaitlist(notYet)).AssertProblemAsync(409, "sales_not_open");
        Assert.Equal(notYet.GetProperty("salesStartAt").GetDateTimeOffset(), early.GetProperty("salesStartAt").GetDateTimeOffset());

        await Poll.AssertAsync(() => DateTimeOffset.UtcNow > now.AddSeconds(2.2), TimeSpan.FromSeconds(30));
        await (await JoinWaitlist(closing)).AssertProblemAsync(409, "sales_closed");
        await (await JoinWaitlist(queued)).AssertProblemAsync(403, "admission_required");
        foreach (var created in new[] { notYet, closing, queued })
        {
            var waitlist = await (await client.GetAsync(new Uri($"/api/v1/events/{created.GetProperty("id").GetGuid()}/waitlist/me", UriKind.Relative))).AssertProblemAsync(404, "not_on_waitlist");
            Assert.NotNull(waitlist.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task A_waiting_room_added_by_an_edit_opens_within_a_second_though_the_queue_was_already_asked()
    {
        var created = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = DateTimeOffset.UtcNow.AddHours(1) });
        var eventId = created.GetProperty("id").GetGuid();
        using var client = await App.UserClientAsync();
        var queue = new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative);

        // The queue's grain is activated while the event has no room...
        await (await client.PostAsync(queue, null)).AssertProblemAsync(409, "queue_not_open");

        // ...and an admin then adds one: the next join after a second finds it open.
        using var admin = App.ClientWithToken(fixture.Admin);
        var edited = await admin.PatchAsJsonAsync($"/api/v1/events/{eventId}", new { waitingRoom = new { admitPerMinute = 60, opensMinutesBefore = 120 } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(queue, null)).StatusCode);
        var mine = await (await client.GetAsync(new Uri($"/api/v1/events/{eventId}/queue/me", UriKind.Relative))).JsonAsync();
        Assert.Equal("waiting", mine.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Joining_too_early_or_an_event_without_a_room_is_queue_not_open()
    {
        var later = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = DateTimeOffset.UtcNow.AddHours(2), waitingRoom = new { admitPerMinute = 60, opensMinutesBefore = 30 } });
        var plain = await App.CreateSaleAsync(fixture.Admin, new { });
        using var client = await App.UserClientAsync();

        await (await client.PostAsync(new Uri($"/api/v1/events/{later.GetProperty("id").GetGuid()}/queue", UriKind.Relative), null)).AssertProblemAsync(409, "queue_not_open");
        await (await client.PostAsync(new Uri($"/api/v1/events/{plain.GetProperty("id").GetGuid()}/queue", UriKind.Relative), null)).AssertProblemAsync(409, "queue_not_open");
        await (await client.PostAsync(new Uri($"/api/v1/events/{Guid.CreateVersion7()}/queue", UriKind.Relative), null)).AssertProblemAsync(404, "event_not_found");
        await (await client.PostAsJsonAsync($"/api/v1/events/{plain.GetProperty("id").GetGuid()}/queue", new { notificationPreferences = new { webhookUrl = "http://127.0.0.1/hook" } })).AssertProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task The_event_pulls_admissions_as_stored_even_from_a_room_activation_behind_its_store()
    {
        // The room opens in 90 minutes: its activation admits nobody by itself, so only the test writes admissions.
        var created = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = DateTimeOffset.UtcNow.AddHours(2), waitingRoom = new { admitPerMinute = 60, opensMinutesBefore = 30 } });
        var eventId = created.GetProperty("id").GetGuid();
        var room = App.Services.GetRequiredService<IGrainFactory>().GetGrain<IWaitingRoomGrain>(eventId);
        Assert.Empty(await room.GetAdmissionsAsync());

        // A twin of a split brain stores an admission this activation never hears of.
        var store = App.Services.GetRequiredService<IQueueStore>();
        var now = DateTimeOffset.UtcNow;
        var until = now.AddMinutes(10);
        var admitted = new QueueEntry(Guid.CreateVersion7(), 0, now, 0, QueueEntry.Admitted, now, until, null);
        await store.SaveAsync(eventId, (await store.LoadAsync(eventId)).Version, [admitted], []);

        var pulled = Assert.Single(await room.GetAdmissionsAsync());
        Assert.Equal(admitted.UserId, pulled.UserId);
        Assert.Equal(until, pulled.Until, TimeSpan.FromMilliseconds(1));
    }
}
