using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.IntegrationTests.Holds;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Organizers;

/// <summary>An organizer's analytics: the admin figures over their own events only, and check-ins counted per event.</summary>
public sealed class OrganizerAnalyticsTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task The_organizer_summary_counts_the_callers_events_only_and_every_per_event_figure_counts_check_ins()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        var (_, rivalToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        using var rival = App.ClientWithToken(rivalToken);
        using var admin = App.ClientWithToken(fixture.Admin);
        using var alice = await App.UserClientAsync();
        using var bob = await App.UserClientAsync();

        // Tonight (check-in is open) and in three weeks, both the owner's; the rival's sells too and must not count.
        var created = await owner.PostEventAsync(publish: true, capacity: 10, date: DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tonight = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var later = await owner.CreateAsync(publish: true, capacity: 5);
        var theirs = await rival.CreateAsync(publish: true, capacity: 10);

        var aliceTonight = await (await alice.BookAsync(tonight, 3)).JsonAsync();
        var bobTonight = (await (await bob.BookAsync(tonight, 2)).JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync(new Uri($"/api/v1/bookings/{bobTonight}/cancel", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.BookAsync(later, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.HoldAsync(later, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.BookAsync(theirs, 4)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.HoldAsync(theirs, 2)).StatusCode);
        var checkIn = await owner.PostAsJsonAsync($"/api/v1/events/{tonight}/check-ins", new { bookingRef = aliceTonight.GetProperty("bookingRef").GetString() });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);

        var summary = await GetJsonAsync(owner, "/api/v1/organizer/analytics/summary");
        Assert.Equal(3, summary.GetProperty("totalBookings").GetInt64());
        Assert.Equal(2, summary.GetProperty("confirmedBookings").GetInt64());
        Assert.Equal(1, summary.GetProperty("cancelledBookings").GetInt64());
        Assert.Equal(4, summary.GetProperty("ticketsSold").GetInt64());
        Assert.Equal(40.00m, summary.GetProperty("revenue").GetDecimal());
        Assert.Equal(0.3333, summary.GetProperty("cancellationRate").GetDouble());
        Assert.Equal(0.2667, summary.GetProperty("capacityUtilization").GetDouble());
        Assert.Equal(0, summary.GetProperty("waitlistJoins").GetInt64());
        Assert.Equal(1, summary.GetProperty("holdsCreated").GetInt64());
        Assert.Equal(0, summary.GetProperty("holdsConfirmed").GetInt64());
        Assert.Equal(0.0, summary.GetProperty("holdConversionRate").GetDouble());

        var rivals = await GetJsonAsync(rival, "/api/v1/organizer/analytics/summary");
        Assert.Equal(1, rivals.GetProperty("totalBookings").GetInt64());
        Assert.Equal(4, rivals.GetProperty("ticketsSold").GetInt64());
        Assert.Equal(1, rivals.GetProperty("holdsCreated").GetInt64());

        // The window is the admin summary's: bookings created in [from, to).
        var future = await GetJsonAsync(owner, $"/api/v1/organizer/analytics/summary?from={DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Equal(0, future.GetProperty("totalBookings").GetInt64());
        Assert.Equal(0, future.GetProperty("holdsCreated").GetInt64());
        await (await owner.GetAsync(new Uri("/api/v1/organizer/analytics/summary?from=yesterday", UriKind.Relative))).AssertProblemAsync(400, "validation_failed");

        // An admin's summary is of their own events (none here); users and strangers are refused.
        Assert.Equal(0, (await GetJsonAsync(admin, "/api/v1/organizer/analytics/summary")).GetProperty("totalBookings").GetInt64());
        await (await alice.GetAsync(new Uri("/api/v1/organizer/analytics/summary", UriKind.Relative))).AssertProblemAsync(403, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync(new Uri("/api/v1/organizer/analytics/summary", UriKind.Relative))).StatusCode);

        // checkedIn per event: the organizer's figures of one event, the admin's popular events and utilization.
        var figures = await GetJsonAsync(owner, $"/api/v1/organizer/analytics/events/{tonight}");
        Assert.Equal(3, figures.GetProperty("ticketsSold").GetInt64());
        Assert.Equal(3, figures.GetProperty("checkedIn").GetInt64());
        Assert.Equal(0, (await GetJsonAsync(owner, $"/api/v1/organizer/analytics/events/{later}")).GetProperty("checkedIn").GetInt64());
        var popular = (await GetJsonAsync(admin, "/api/v1/admin/analytics/popular-events")).EnumerateArray()
            .ToDictionary(e => e.GetProperty("eventId").GetGuid(), e => e.GetProperty("checkedIn").GetInt64());
        Assert.Equal(3, popular[tonight]);
        Assert.Equal(0, popular[theirs]);
        var utilization = (await GetJsonAsync(admin, "/api/v1/admin/analytics/utilization?pageSize=100")).GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.GetProperty("eventId").GetGuid(), e => e.GetProperty("checkedIn").GetInt64());
        Assert.Equal(3, utilization[tonight]);
        Assert.Equal(0, utilization[later]);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
