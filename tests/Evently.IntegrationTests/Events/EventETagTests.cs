using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Events;

/// <summary>
/// An event's ETag versions what its organizer edits, not its seat count (docs/api.md#conventions): an edit during a
/// sale is not refused because seats sold meanwhile, and two edits from one version still have exactly one winner.
/// </summary>
public sealed class EventETagTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_booking_between_the_read_and_the_edit_does_not_make_the_edit_412()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var admin = App.ClientWithToken(fixture.Admin);
        using var user = await App.UserClientAsync();
        var read = await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative));
        var etag = read.Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 3)).StatusCode);
        var afterBooking = await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative));
        var edit = await PatchAsync(admin, eventId, new { name = "Renamed during the sale" }, etag);

        Assert.Equal(etag, afterBooking.Headers.ETag!.Tag);
        Assert.Equal(7, (await afterBooking.JsonAsync()).GetProperty("availableSeats").GetInt32());
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var edited = await edit.JsonAsync();
        Assert.Equal("Renamed during the sale", edited.GetProperty("name").GetString());
        Assert.Equal(7, edited.GetProperty("availableSeats").GetInt32());
        Assert.NotEqual(etag, edit.Headers.ETag!.Tag);
        Assert.Equal($"\"{edited.GetProperty("version").GetInt64()}\"", edit.Headers.ETag!.Tag);
        Assert.Equal(edited.GetProperty("version").GetInt64(), await TestPostgres.ScalarAsync<long>(App.ShardOf(eventId), "SELECT edit_version FROM events WHERE id = @id", ("id", eventId)));
    }

    [Fact]
    public async Task Two_edits_from_the_same_etag_have_one_winner_in_turn_and_at_once()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var admin = App.ClientWithToken(fixture.Admin);
        using var user = await App.UserClientAsync();
        var etag = (await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).Headers.ETag!.Tag;

        var first = await PatchAsync(admin, eventId, new { name = "First" }, etag);
        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 1)).StatusCode);
        var second = await PatchAsync(admin, eventId, new { name = "Second" }, etag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await second.AssertProblemAsync(412, "version_mismatch");

        var current = first.Headers.ETag!.Tag;
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PatchAsync(admin, eventId, new { venue = $"Hall {i}" }, current)));
        Assert.Single(racing, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, racing.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));

        // A price change, a plan or a sale setting is an edit too: it moves the ETag.
        var beforePrice = (await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).Headers.ETag!.Tag;
        var priced = await admin.PutAsJsonAsync($"/api/v1/events/{eventId}/price", new { price = 20m, reason = "demand" });
        Assert.Equal(HttpStatusCode.OK, priced.StatusCode);
        Assert.NotEqual(beforePrice, priced.Headers.ETag!.Tag);
        await (await PatchAsync(admin, eventId, new { name = "Stale" }, beforePrice)).AssertProblemAsync(412, "version_mismatch");
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, Guid eventId, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/events/{eventId}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }
}
