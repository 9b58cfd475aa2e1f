using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Bookings;

/// <summary>
/// Cancellations and edits racing each other, through HTTP: duplicate cancels release seats once, concurrent edits from one
/// If-Match have one winner, a cancel notifies its owner, an idempotent replay after a cancel reads cancelled, one
/// event_cancelled per affected user, and no promotion once the event is over.
/// </summary>
public sealed class CancellationAndEditRaceTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task parallel_duplicate_cancels_release_the_seats_once_and_never_fail()
    {
        // Per round and event: capacity 10, B books 9, A books 1 and sends 48 cancels of it at once while the event
        // is read in parallel. Several events per round keep the machine busy, which widens the race window.
        const int rounds = 15;
        const int eventsPerRound = 4;
        const int cancelsPerBooking = 48;
        using var a = await App.UserClientAsync();
        using var b = await App.UserClientAsync();
        using var anonymous = App.ClientWithToken(null);
        var events = new List<Guid>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        for (var round = 0; round < rounds; round++)
        {
            var setups = await Task.WhenAll(Enumerable.Range(0, eventsPerRound).Select(async _ =>
            {
                var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
                Assert.Equal(HttpStatusCode.Created, (await b.BookAsync(eventId, 9)).StatusCode);
                var booked = await a.BookAsync(eventId, 1);
                Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
                return (EventId: eventId, BookingId: (await booked.JsonAsync()).GetProperty("id").GetGuid());
            }));
            events.AddRange(setups.Select(s => s.EventId));

            var r = round;
            await Task.WhenAll(setups.Select(async setup =>
            {
                var cancels = Enumerable.Range(0, cancelsPerBooking)
                    .Select(_ => a.PostAsync(new Uri($"/api/v1/bookings/{setup.BookingId}/cancel", UriKind.Relative), null)).ToList();
                var reads = Enumerable.Range(0, 8)
                    .Select(_ => anonymous.GetAsync(new Uri($"/api/v1/events/{setup.EventId}", UriKind.Relative))).ToList();
                var answers = await Task.WhenAll(cancels);
                var seen = await Task.WhenAll(reads);

                if (answers.Any(x => x.StatusCode != HttpStatusCode.OK))
                {
                    var statuses = answers.GroupBy(x => (int)x.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}");
                    failures.Enqueue($"round {r} event {setup.EventId}: cancels answered {string.Join(", ", statuses)}");
                }

                foreach (var read in seen.Where(x => x.StatusCode == HttpStatusCode.OK))
                {
                    var available = (await read.JsonAsync()).GetProperty("availableSeats").GetInt32();
                    if (available > 1)
                    {
                        failures.Enqueue($"round {r} event {setup.EventId}: a parallel GET read availableSeats {available} (at most 1 is right)");
                    }
                }

                var after = await (await anonymous.GetAsync(new Uri($"/api/v1/events/{setup.EventId}", UriKind.Relative))).JsonAsync();
                var finalAvailable = after.GetProperty("availableSeats").GetInt32();
                if (finalAvailable != 1)
                {
                    failures.Enqueue($"round {r} event {setup.EventId}: availableSeats {finalAvailable} after the cancels, expected 1");
                }

                var sold = await App.SoldAsync(setup.EventId);
                if (sold != 9)
                {
                    failures.Enqueue($"round {r} event {setup.EventId}: {sold} seats confirmed in the database, expected 9");
                }
            }));
        }

        var auditFindings = await AuditFindingsAsync(events);
        var all = failures.Concat(auditFindings.Select(f => $"audit: {f}")).ToList();
        Assert.True(all.Count == 0, $"{all.Count} failures over {rounds} rounds x {eventsPerRound} events:\n{string.Join("\n", all)}");
    }

    [Fact]
    public async Task concurrent_patches_with_the_same_if_match_let_exactly_one_win()
    {
        const int rounds = 20;
        const int editors = 12;
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var admin = App.ClientWithToken(fixture.Admin);
        var failures = new List<string>();

        for (var round = 0; round < rounds; round++)
        {
            var read = await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative));
            var etag = read.Headers.ETag!.ToString();
            var patches = Enumerable.Range(0, editors).Select(i =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/events/{eventId}")
                {
                    Content = JsonContent.Create(new { name = $"Round {round} editor {i}" }),
                };
                request.Headers.TryAddWithoutValidation("If-Match", etag);
                return admin.SendAsync(request);
            }).ToList();
            var answers = await Task.WhenAll(patches);

            var ok = answers.Count(r => r.StatusCode == HttpStatusCode.OK);
            var codes = await Task.WhenAll(answers.Where(r => r.StatusCode != HttpStatusCode.OK).Select(async r => $"{(int)r.StatusCode} {await r.CodeAsync()}"));
            if (ok != 1 || codes.Any(c => c != "412 version_mismatch"))
            {
                failures.Add($"round {round} (If-Match {etag}): {ok} x 200, others [{string.Join(", ", codes)}]");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {rounds} rounds broke If-Match exclusivity:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task cancelling_a_booking_notifies_its_owner_booking_cancelled()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var own = await App.UserClientAsync();
        using var other = await App.UserClientAsync();
        using var admin = App.ClientWithToken(fixture.Admin);
        var mine = (await (await own.BookAsync(eventId, 2)).JsonAsync()).GetProperty("id").GetGuid();
        var theirs = (await (await other.BookAsync(eventId, 1)).JsonAsync()).GetProperty("id").GetGuid();

        var byOwner = await own.PostAsync(new Uri($"/api/v1/bookings/{mine}/cancel", UriKind.Relative), null);
        var byAdmin = await admin.PostAsync(new Uri($"/api/v1/bookings/{theirs}/cancel", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var ownNotes = await NotificationsAsync(own, eventId, "booking_cancelled");
        var otherNotes = await NotificationsAsync(other, eventId, "booking_cancelled");
        Assert.True(ownNotes.Count == 1 && otherNotes.Count == 1,
            $"booking_cancelled notifications: {ownNotes.Count} to the owner who cancelled, {otherNotes.Count} to the user whose booking an admin cancelled; expected 1 and 1");
    }

    [Fact]
    public async Task replaying_an_idempotent_booking_after_its_cancel_reads_cancelled()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var client = await App.UserClientAsync();
        var first = await client.BookAsync(eventId, 2, "k");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null)).StatusCode);

        var replay = await client.BookAsync(eventId, 2, "k");

        Assert.True(replay.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"replay answered {(int)replay.StatusCode}");
        var body = await replay.JsonAsync();
        Assert.Equal(id, body.GetProperty("id").GetGuid());
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        Assert.Equal(0, await App.SoldAsync(eventId));
    }

    [Fact]
    public async Task event_cancel_notifies_a_booker_who_is_also_waitlisted_exactly_once()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 2);
        using var both = await App.UserClientAsync();
        using var booker = await App.UserClientAsync();
        using var waiter = await App.UserClientAsync();
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.Created, (await both.BookAsync(eventId, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await booker.BookAsync(eventId, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await both.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/v1/events/{eventId}/cancel", UriKind.Relative), null)).StatusCode);

        var counts = (
            Both: (await NotificationsAsync(both, eventId, "event_cancelled")).Count,
            Booker: (await NotificationsAsync(booker, eventId, "event_cancelled")).Count,
            Waiter: (await NotificationsAsync(waiter, eventId, "event_cancelled")).Count);
        Assert.True(counts == (1, 1, 1), $"event_cancelled notifications (booker+waitlisted, booker, waitlisted) = {counts}, expected (1, 1, 1)");
    }

    [Fact]
    public async Task users_who_left_the_waitlist_before_the_event_cancel_get_no_event_cancelled()
    {
        const int rounds = 5;
        const int waiters = 12;
        var users = await App.RegisterManyAsync(waiters + 1);
        using var buyer = App.ClientWithToken(users[0].Token);
        var clients = users.Skip(1).Select(u => App.ClientWithToken(u.Token)).ToList();
        using var admin = App.ClientWithToken(fixture.Admin);
        var failures = new List<string>();
        var leftBeforeCancel = 0;
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 1);
                Assert.Equal(HttpStatusCode.Created, (await buyer.BookAsync(eventId, 1)).StatusCode);
                var joins = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 })));
                Assert.All(joins, j => Assert.Equal(HttpStatusCode.Created, j.StatusCode));

                // Leaves keep the commit pipeline busy so later leaves wait in the filling batch when the cancel arrives.
                var leaves = clients.Select(c => c.DeleteAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).ToList();
                var cancel = admin.PostAsync(new Uri($"/api/v1/events/{eventId}/cancel", UriKind.Relative), null);
                var left = await Task.WhenAll(leaves);
                Assert.Equal(HttpStatusCode.OK, (await cancel).StatusCode);

                for (var i = 0; i < clients.Count; i++)
                {
                    var notes = (await NotificationsAsync(clients[i], eventId, "event_cancelled")).Count;
                    if (left[i].StatusCode == HttpStatusCode.NoContent)
                    {
                        leftBeforeCancel++;
                        if (notes != 0)
                        {
                            failures.Add($"round {round}: waiter {i} left (204) before the cancel but got {notes} event_cancelled");
                        }
                    }
                    else if (left[i].StatusCode == HttpStatusCode.NotFound && await left[i].CodeAsync() == "not_on_waitlist")
                    {
                        if (notes != 1)
                        {
                            failures.Add($"round {round}: waiter {i} was still waiting at the cancel but got {notes} event_cancelled");
                        }
                    }
                    else
                    {
                        failures.Add($"round {round}: waiter {i} leave answered {(int)left[i].StatusCode}");
                    }
                }
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures ({leftBeforeCancel} leaves answered 204 over {rounds} rounds of {waiters}):\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task no_waitlist_promotion_once_the_event_is_over()
    {
        using var buyer = await App.UserClientAsync();
        using var waiter = await App.UserClientAsync();
        using var anonymous = App.ClientWithToken(null);
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 1, date: DateTimeOffset.UtcNow.AddSeconds(6));
        var booked = await buyer.BookAsync(eventId, 1);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await waiter.PostAsJsonAsync($"/api/v1/events/{eventId}/waitlist", new { quantity = 1 })).StatusCode);

        // Poll until the event is over (reads as completed).
        string? status = null;
        await Poll.UntilAsync(
            async () => (status = (await (await anonymous.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync()).GetProperty("status").GetString()) == "completed",
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200));

        Assert.Equal("completed", status);
        var cancel = await buyer.PostAsync(new Uri($"/api/v1/bookings/{(await booked.JsonAsync()).GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null);
        var entry = await (await waiter.GetAsync(new Uri($"/api/v1/events/{eventId}/waitlist/me", UriKind.Relative))).JsonAsync();
        var promotedNotes = await NotificationsAsync(waiter, eventId, "waitlist_promoted");

        Assert.True((int)cancel.StatusCode < 500, $"cancel after the event answered {(int)cancel.StatusCode}");
        Assert.True(entry.GetProperty("status").GetString() != "promoted" && promotedNotes.Count == 0,
            $"after the event the waitlist entry reads '{entry.GetProperty("status").GetString()}' and {promotedNotes.Count} waitlist_promoted notifications were written");
    }

    private static async Task<List<JsonElement>> NotificationsAsync(HttpClient client, Guid eventId, string kind)
    {
        var response = await client.GetAsync(new Uri("/api/v1/notifications?pageSize=100", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == kind && n.GetProperty("eventId").GetGuid() == eventId)
            .ToList();
    }

    private async Task<List<string>> AuditFindingsAsync(IReadOnlyCollection<Guid> events)
    {
        using var admin = App.ClientWithToken(fixture.Admin);
        var response = await admin.GetAsync(new Uri("/api/v1/admin/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = await response.JsonAsync();
        return audit.GetProperty("shards").EnumerateArray()
            .SelectMany(s => s.GetProperty("findings").EnumerateArray())
            .Where(f => f.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String && events.Contains(id.GetGuid()))
            .Select(f => $"{f.GetProperty("check").GetString()} {f.GetProperty("eventId").GetGuid()}: {f.GetProperty("detail").GetString()}")
            .ToList();
    }
}
