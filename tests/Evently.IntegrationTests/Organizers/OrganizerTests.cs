using System.Net;
using System.Net.Http.Json;
using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Organizers;

public sealed class OrganizerTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Admin_grants_and_withdraws_the_organizer_role_which_decides_who_may_create_events()
    {
        var email = $"would-be-{Guid.NewGuid():N}@example.com";
        var (id, userToken) = await App.RegisterAsync(email);
        using (var user = App.ClientWithToken(userToken))
        {
            await (await user.PostEventAsync(publish: true)).AssertProblemAsync(403, "forbidden");
        }

        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { role = "organizer" })).StatusCode);
        Assert.Equal("organizer", await TestPostgres.ScalarAsync<string>(App.Directory, "SELECT role FROM users WHERE id = @id", ("id", id)));
        using var organizer = App.ClientWithToken(await App.LoginAsync(email, "Password-123"));
        var created = await organizer.PostEventAsync(publish: true);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ev = await created.JsonAsync();
        var eventId = ev.GetProperty("id").GetGuid();
        Assert.Equal(id, ev.GetProperty("organizerId").GetGuid());
        Assert.Equal(new ShardMap(App.Shards.Count).ShardOfOrganizer(id), App.ShardIndexOf(eventId));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(App.ShardOf(eventId), "SELECT count(*) FROM events WHERE id = @e AND organizer_id = @o", ("e", eventId), ("o", id)));
        // An organizer is still a customer.
        Assert.Equal(HttpStatusCode.Created, (await organizer.BookAsync(eventId, 1)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { role = "user" })).StatusCode);
        using var withdrawn = App.ClientWithToken(await App.LoginAsync(email, "Password-123"));
        await (await withdrawn.PostEventAsync(publish: true)).AssertProblemAsync(403, "forbidden");
        await (await withdrawn.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", new { name = "Mine still?" })).AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task Only_its_organizer_and_admins_run_a_published_event_others_are_refused_403()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        var (_, rivalToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        using var rival = App.ClientWithToken(rivalToken);
        using var user = await App.UserClientAsync();
        using var admin = App.ClientWithToken(fixture.Admin);
        var eventId = await owner.CreateAsync(publish: true);
        var writes = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Patch, $"/api/v1/events/{eventId}", new { name = "Taken over" }),
            (HttpMethod.Post, $"/api/v1/events/{eventId}/cancel", null),
            (HttpMethod.Put, $"/api/v1/events/{eventId}/price", new { price = 1m, reason = "mine now" }),
            (HttpMethod.Get, $"/api/v1/events/{eventId}/price-history", null),
            (HttpMethod.Put, $"/api/v1/events/{eventId}/seating-plan", new { }),
            (HttpMethod.Get, $"/api/v1/admin/events/{eventId}/waitlist", null),
        };

        foreach (var (method, path, body) in writes)
        {
            await (await rival.SendAsync(method, path, body)).AssertProblemAsync(403, "forbidden");
            await (await user.SendAsync(method, path, body)).AssertProblemAsync(403, "forbidden");
        }

        await (await rival.SendAsync(HttpMethod.Patch, $"/api/v1/events/{Guid.NewGuid()}", new { name = "Nothing" })).AssertProblemAsync(404, "event_not_found");
        var read = await (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
        Assert.Equal("Organizer night", read.GetProperty("name").GetString());
        Assert.Equal(10m, read.GetProperty("basePrice").GetDecimal());
        Assert.Equal("published", read.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", new { name = "Renamed by owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/events/{eventId}/price", new { price = 12m, reason = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(new Uri($"/api/v1/events/{eventId}/price-history", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(new Uri($"/api/v1/admin/events/{eventId}/waitlist", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", new { venue = "Admin's pick" })).StatusCode);
        var cancelled = await owner.SendAsync(HttpMethod.Post, $"/api/v1/events/{eventId}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Organizer_events_lists_the_callers_own_events_of_every_status_newest_first()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        var (_, rivalToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        using var rival = App.ClientWithToken(rivalToken);
        var first = await owner.CreateAsync(publish: true, name: "First");
        var second = await owner.CreateAsync(publish: true, name: "Second");
        var third = await owner.CreateAsync(publish: true, name: "Third");
        await rival.CreateAsync(publish: true, name: "Not theirs");
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Post, $"/api/v1/events/{second}/cancel")).StatusCode);

        var all = await (await owner.GetAsync(new Uri("/api/v1/organizer/events", UriKind.Relative))).JsonAsync();
        var paged = await (await owner.GetAsync(new Uri("/api/v1/organizer/events?pageSize=2&page=2", UriKind.Relative))).JsonAsync();
        var cancelled = await (await owner.GetAsync(new Uri("/api/v1/organizer/events?status=cancelled", UriKind.Relative))).JsonAsync();

        Assert.Equal(3, all.GetProperty("totalCount").GetInt64());
        Assert.Equal([third, second, first], all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal(["published", "cancelled", "published"], all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("status").GetString()!).ToArray());
        Assert.Equal([first], paged.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal(3, paged.GetProperty("totalCount").GetInt64());
        Assert.Equal([second], cancelled.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray());
        await (await owner.GetAsync(new Uri("/api/v1/organizer/events?status=sold", UriKind.Relative))).AssertProblemAsync(400, "validation_failed");
        using var user = await App.UserClientAsync();
        await (await user.GetAsync(new Uri("/api/v1/organizer/events", UriKind.Relative))).AssertProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task Organizer_event_analytics_count_the_events_bookings_for_its_organizer_only()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        var (_, rivalToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        using var rival = App.ClientWithToken(rivalToken);
        var eventId = await owner.CreateAsync(publish: true, capacity: 10);
        using var user = await App.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 3)).StatusCode);
        var gone = (await (await user.BookAsync(eventId, 1)).JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsync(new Uri($"/api/v1/bookings/{gone}/cancel", UriKind.Relative), null)).StatusCode);

        var figures = await (await owner.GetAsync(new Uri($"/api/v1/organizer/analytics/events/{eventId}", UriKind.Relative))).JsonAsync();

        Assert.Equal(2, figures.GetProperty("totalBookings").GetInt64());
        Assert.Equal(1, figures.GetProperty("confirmedBookings").GetInt64());
        Assert.Equal(1, figures.GetProperty("cancelledBookings").GetInt64());
        Assert.Equal(3, figures.GetProperty("ticketsSold").GetInt64());
        Assert.Equal(30m, figures.GetProperty("revenue").GetDecimal());
        Assert.Equal(0.3, figures.GetProperty("utilization").GetDouble(), 3);
        Assert.Equal(0.5, figures.GetProperty("cancellationRate").GetDouble(), 3);
        await (await rival.GetAsync(new Uri($"/api/v1/organizer/analytics/events/{eventId}", UriKind.Relative))).AssertProblemAsync(403, "forbidden");
        await (await user.GetAsync(new Uri($"/api/v1/organizer/analytics/events/{eventId}", UriKind.Relative))).AssertProblemAsync(403, "forbidden");
    }
}
