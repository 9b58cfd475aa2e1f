using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Holds;
using Evently.IntegrationTests.Infrastructure;
using Evently.IntegrationTests.Seating;

namespace Evently.IntegrationTests.Organizers;

/// <summary>
/// A draft takes no seats and shows none to anyone but its organizer and admins (docs/api.md#role-matrix): the others
/// are told <c>404 event_not_found</c>, as if it did not exist, and nothing is stored for them.
/// </summary>
public sealed class DraftHidingTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Taking_seats_of_a_draft_or_reading_its_seats_is_404_to_all_but_its_organizer_and_admins()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        var (_, rivalToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        using var rival = App.ClientWithToken(rivalToken);
        using var admin = App.ClientWithToken(fixture.Admin);
        using var user = await App.UserClientAsync();
        using var anonymous = App.CreateClient();
        var id = await owner.CreateAsync(publish: false, capacity: 4);
        var plan = await owner.PutPlanAsync(id, new { sections = new[] { new { name = "A", rows = new[] { new { label = "1", seats = 4 } } } } });
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);

        foreach (var outsider in new[] { user, rival })
        {
            await (await outsider.BookAsync(id, 1)).AssertProblemAsync(404, "event_not_found");
            await (await outsider.BookSeatsAsync(id, new { seats = new[] { "A-1-1" } })).AssertProblemAsync(404, "event_not_found");
            await (await outsider.HoldAsync(id, 1)).AssertProblemAsync(404, "event_not_found");
            await (await outsider.PostAsJsonAsync($"/api/v1/events/{id}/waitlist", new { quantity = 1 })).AssertProblemAsync(404, "event_not_found");
            await (await outsider.PostAsJsonAsync($"/api/v1/events/{id}/queue", new { })).AssertProblemAsync(404, "event_not_found");
        }

        foreach (var outsider in new[] { anonymous, user, rival })
        {
            await (await outsider.GetAsync(new Uri($"/api/v1/events/{id}/seating-plan", UriKind.Relative))).AssertProblemAsync(404, "event_not_found");
            await (await outsider.GetAsync(new Uri($"/api/v1/events/{id}/seats", UriKind.Relative))).AssertProblemAsync(404, "event_not_found");
        }

        // Anonymous callers are asked to sign in before anything about the event is looked at.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.BookAsync(id, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.HoldAsync(id, 1)).StatusCode);

        // Its organizer and admins see it and are told why it takes no seats.
        foreach (var insider in new[] { owner, admin })
        {
            await (await insider.BookAsync(id, 1)).AssertProblemAsync(409, "event_not_bookable");
            await (await insider.HoldAsync(id, 1)).AssertProblemAsync(409, "event_not_bookable");
            await (await insider.PostAsJsonAsync($"/api/v1/events/{id}/waitlist", new { quantity = 1 })).AssertProblemAsync(409, "event_not_bookable");
            await (await insider.PostAsJsonAsync($"/api/v1/events/{id}/queue", new { })).AssertProblemAsync(409, "queue_not_open");
            Assert.Equal(HttpStatusCode.OK, (await insider.GetAsync(new Uri($"/api/v1/events/{id}/seating-plan", UriKind.Relative))).StatusCode);
            Assert.Equal("aaaa", (await insider.SeatMapAsync(id))["A-1"]);
        }

        var shard = App.ShardOf(id);
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM bookings WHERE event_id = @id", ("id", id)));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM holds WHERE event_id = @id", ("id", id)));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM waitlists WHERE event_id = @id", ("id", id)));

        // Published, it is everyone's: the same callers book and read its seats.
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync(new Uri($"/api/v1/events/{id}/publish", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await user.BookSeatsAsync(id, new { seats = new[] { "A-1-1" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await rival.HoldAsync(id, 1)).StatusCode);
        Assert.Equal("sh", (await anonymous.SeatMapAsync(id))["A-1"][..2]);
        await App.AssertInvariantsAsync();
    }
}
