using System.Net;
using Evently.Grains.Events;
using Evently.IntegrationTests.Holds;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Organizers;

public sealed class DraftTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_draft_is_seen_and_edited_by_its_organizer_and_admins_only_is_not_bookable_and_publishing_opens_it()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        var (_, rivalToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        using var rival = App.ClientWithToken(rivalToken);
        using var admin = App.ClientWithToken(fixture.Admin);
        using var user = await App.UserClientAsync();
        using var anonymous = App.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..10];

        var created = await owner.PostEventAsync(publish: false, capacity: 10, name: $"Draft {tag}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.JsonAsync();
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        var id = draft.GetProperty("id").GetGuid();
        Assert.Equal("draft", await TestPostgres.ScalarAsync<string>(App.ShardOf(id), "SELECT status FROM events WHERE id = @id", ("id", id)));

        // Hidden: nobody else learns it exists, not even by trying to run it.
        foreach (var outsider in new[] { anonymous, user, rival })
        {
            await (await outsider.GetAsync(new Uri($"/api/v1/events/{id}", UriKind.Relative))).AssertProblemAsync(404, "event_not_found");
        }

        foreach (var (method, path, payload) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Patch, $"/api/v1/events/{id}", new { name = "Mine" }),
            (HttpMethod.Post, $"/api/v1/events/{id}/publish", null),
            (HttpMethod.Post, $"/api/v1/events/{id}/cancel", null),
            (HttpMethod.Put, $"/api/v1/events/{id}/price", new { price = 1m, reason = "mine" }),
            (HttpMethod.Get, $"/api/v1/events/{id}/price-history", null),
            (HttpMethod.Get, $"/api/v1/admin/events/{id}/waitlist", null),
        })
        {
            await (await rival.SendAsync(method, path, payload)).AssertProblemAsync(404, "event_not_found");
        }

        Assert.Equal("draft", (await (await owner.GetAsync(new Uri($"/api/v1/events/{id}", UriKind.Relative))).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/api/v1/events/{id}", UriKind.Relative))).StatusCode);

        // Not bookable, not browsable, freely editable.
        await (await user.BookAsync(id, 1)).AssertProblemAsync(404, "event_not_found");
        await (await owner.BookAsync(id, 1)).AssertProblemAsync(409, "event_not_bookable");
        Assert.Equal(0, await App.SoldAsync(id));
        Assert.Equal(0, await BrowseCountAsync(anonymous, tag));
        var edited = await owner.SendAsync(HttpMethod.Patch, $"/api/v1/events/{id}", new { totalCapacity = 4, name = $"Draft {tag} v2" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("draft", (await edited.JsonAsync()).GetProperty("status").GetString());
        var listed = await (await owner.GetAsync(new Uri("/api/v1/organizer/events?status=draft", UriKind.Relative))).JsonAsync();
        Assert.Equal([id], listed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray());

        var published = await owner.SendAsync(HttpMethod.Post, $"/api/v1/events/{id}/publish");
        var again = await owner.SendAsync(HttpMethod.Post, $"/api/v1/events/{id}/publish");

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var body = await published.JsonAsync();
        Assert.Equal("published", body.GetProperty("status").GetString());
        Assert.Equal(4, body.GetProperty("totalCapacity").GetInt32());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("published", (await again.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("published", await TestPostgres.ScalarAsync<string>(App.ShardOf(id), "SELECT status FROM events WHERE id = @id", ("id", id)));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri($"/api/v1/events/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(id, 2)).StatusCode);
        await Poll.AssertAsync(async () => await BrowseCountAsync(anonymous, tag) == 1, TimeSpan.FromSeconds(10));
        // Published now: a rival is refused, no longer kept in the dark.
        await (await rival.SendAsync(HttpMethod.Patch, $"/api/v1/events/{id}", new { name = "Mine" })).AssertProblemAsync(403, "forbidden");
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Events_are_published_unless_publish_is_false()
    {
        var (_, token) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(token);

        var byDefault = await (await owner.PostEventAsync()).JsonAsync();
        var explicitly = await (await owner.PostEventAsync(publish: true)).JsonAsync();

        Assert.Equal("published", byDefault.GetProperty("status").GetString());
        Assert.Equal("published", explicitly.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_draft_whose_date_has_passed_cannot_be_published()
    {
        var clock = new ShiftedClock();
        await using var app = await EventlyApp.StartAsync(services: s => s.AddKeyedSingleton<TimeProvider>(EventClock.Key, clock));
        var adminToken = await app.AdminTokenAsync();
        var (_, token) = await app.NewOrganizerAsync(adminToken);
        using var owner = app.ClientWithToken(token);
        var id = await owner.CreateAsync(publish: false);

        clock.Offset = TimeSpan.FromDays(21);
        var late = await owner.SendAsync(HttpMethod.Post, $"/api/v1/events/{id}/publish");

        await late.AssertProblemAsync(409, "event_not_bookable");
        Assert.Equal("draft", await TestPostgres.ScalarAsync<string>(app.ShardOf(id), "SELECT status FROM events WHERE id = @id", ("id", id)));
    }

    private static async Task<long> BrowseCountAsync(HttpClient client, string tag) =>
        (await (await client.GetAsync(new Uri($"/api/v1/events?q={tag}", UriKind.Relative))).JsonAsync()).GetProperty("totalCount").GetInt64();
}
