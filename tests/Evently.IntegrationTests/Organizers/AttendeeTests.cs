using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Organizers;

public sealed class AttendeeTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Attendees_are_the_confirmed_bookings_in_booking_order_searchable_by_name_or_ref_for_the_organizer_only()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        var (_, rivalToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        using var rival = App.ClientWithToken(rivalToken);
        using var admin = App.ClientWithToken(fixture.Admin);
        var eventId = await owner.CreateAsync(publish: true, capacity: 20);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var refs = new List<string>();
        Guid cancelledBooking = default;
        foreach (var (name, quantity) in new[] { ($"Ada {tag}", 2), ($"Grace {tag}", 1), ($"Gone {tag}", 1), ($"Alan {tag}", 3) })
        {
            using var client = App.ClientWithToken(await RegisterNamedAsync(name));
            var booked = await (await client.BookAsync(eventId, quantity)).JsonAsync();
            if (name.StartsWith("Gone", StringComparison.Ordinal))
            {
                cancelledBooking = booked.GetProperty("id").GetGuid();
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri($"/api/v1/bookings/{cancelledBooking}/cancel", UriKind.Relative), null)).StatusCode);
            }
            else
            {
                refs.Add(booked.GetProperty("bookingRef").GetString()!);
            }
        }

        var all = await (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees", UriKind.Relative))).JsonAsync();
        var byName = await (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees?q=GRACE", UriKind.Relative))).JsonAsync();
        var byRef = await (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees?q={refs[2].ToLowerInvariant()}", UriKind.Relative))).JsonAsync();
        var page2 = await (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees?pageSize=2&page=2", UriKind.Relative))).JsonAsync();

        Assert.Equal(3, all.GetProperty("totalCount").GetInt64());
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(refs, items.Select(i => i.GetProperty("bookingRef").GetString()!).ToList());
        Assert.Equal([$"Ada {tag}", $"Grace {tag}", $"Alan {tag}"], items.Select(i => i.GetProperty("userName").GetString()!).ToArray());
        Assert.Equal([2, 1, 3], items.Select(i => i.GetProperty("quantity").GetInt32()).ToArray());
        Assert.DoesNotContain(items, i => i.GetProperty("bookingId").GetGuid() == cancelledBooking);
        Assert.All(items, i => Assert.False(i.TryGetProperty("seats", out _)));
        Assert.Equal([$"Grace {tag}"], byName.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("userName").GetString()!).ToArray());
        Assert.Equal(1, byName.GetProperty("totalCount").GetInt64());
        Assert.Equal([refs[2]], byRef.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("bookingRef").GetString()!).ToArray());
        Assert.Equal([refs[2]], page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("bookingRef").GetString()!).ToArray());
        Assert.Equal(3, page2.GetProperty("totalCount").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees", UriKind.Relative))).StatusCode);
        await (await rival.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees", UriKind.Relative))).AssertProblemAsync(403, "forbidden");
        using var user = await App.UserClientAsync();
        await (await user.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees", UriKind.Relative))).AssertProblemAsync(403, "forbidden");
        await (await admin.GetAsync(new Uri($"/api/v1/events/{Guid.NewGuid()}/attendees", UriKind.Relative))).AssertProblemAsync(404, "event_not_found");
        await (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees?pageSize=101", UriKind.Relative))).AssertProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task A_seated_events_attendees_list_their_seats()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        var eventId = await owner.CreateAsync(publish: true, capacity: 4);
        var plan = new { sections = new[] { new { name = "A", rows = new[] { new { label = "1", seats = 4 } } } } };
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/events/{eventId}/seating-plan", plan)).StatusCode);
        using var user = await App.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsJsonAsync($"/api/v1/events/{eventId}/bookings", new { seats = new[] { "A-1-3", "A-1-2" } })).StatusCode);

        var list = await (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}/attendees", UriKind.Relative))).JsonAsync();
        var csv = await CsvAsync(owner, eventId);

        var seats = list.GetProperty("items")[0].GetProperty("seats").EnumerateArray().Select(s => s.GetString()!).ToArray();
        Assert.Equal(["A-1-2", "A-1-3"], seats);
        Assert.Contains(",Test User,2,A-1-2 A-1-3,", csv[1], StringComparison.Ordinal);
        Assert.Equal(2, csv.Length);
    }

    [Fact]
    public async Task The_csv_streams_every_attendee_past_one_chunk_of_names_with_hostile_names_neutralised()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        var eventId = await owner.CreateAsync(publish: true, capacity: 1000);
        using (var booker = App.ClientWithToken(await RegisterNamedAsync("=HYPERLINK(\"x\"), \"Bobby\"")))
        {
            Assert.Equal(HttpStatusCode.Created, (await booker.BookAsync(eventId, 1)).StatusCode);
        }

        // Many more attendees than one chunk of name lookups, written straight to the tables the list reads.
        const int Extra = 1234;
        await TestPostgres.ExecuteAsync(App.Directory, $"""
            INSERT INTO users (id, email, name, password_hash)
            SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bulk-{eventId:N}-' || g || '@example.com', 'Bulk ' || g, 'x'
            FROM generate_series(1, {Extra}) g
            """);
        await TestPostgres.ExecuteAsync(App.ShardOf(eventId), $"""
            INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, created_at)
            SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, '{eventId}', 'BULK' || lpad(g::text, 8, '0'), 1, 10, 10,
                   now() + g * interval '1 millisecond'
            FROM generate_series(1, {Extra}) g
            """);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/attendees");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await owner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bookingRef,bookingId,userName,quantity,seats,createdAt", lines[0]);
        Assert.Equal(Extra + 2, lines.Length);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\"), \"\"Bobby\"\"\",1,,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("BULK00000001,", lines[2], StringComparison.Ordinal);
        Assert.Contains(",Bulk 1,1,,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"BULK{Extra:D8},", lines[^1], StringComparison.Ordinal);
        Assert.Contains($",Bulk {Extra},1,,", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith("Z", lines[^1], StringComparison.Ordinal);
    }

    private async Task<string> RegisterNamedAsync(string name)
    {
        var email = $"attendee-{Guid.NewGuid():N}@example.com";
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, name, password = "Password-123" })).StatusCode);
        return await App.LoginAsync(email, "Password-123");
    }

    private static async Task<string[]> CsvAsync(HttpClient client, Guid eventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/attendees");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
