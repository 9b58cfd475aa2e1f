using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Events;

public sealed class EventApiTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    public static TheoryData<string> BadEvents => new()
    {
        """{"venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":1}""",
        """{"name":"","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":1}""",
        """{"name":"n","venue":"v","eventDate":"2001-01-01T00:00:00Z","totalCapacity":10,"price":1}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":0,"price":1}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":1000001,"price":1}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":-1}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":1.234}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":100001}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":1,"pricingPolicy":"auction"}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":1,"promotionWindowMinutes":0}""",
        """{"name":"n","venue":"v","eventDate":"not a date","totalCapacity":10,"price":1}""",
        """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":"ten","price":1}""",
        """{"name":""" + "\"" + new string('x', 201) + "\"" + ""","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":1}""",
        "not json",
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Bad_event_bodies_are_400_validation_failed(string body)
    {
        using var client = App.ClientWithToken(fixture.Admin);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri("/api/v1/events", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await response.CodeAsync());
    }

    [Fact]
    public async Task Created_event_reads_back_with_location_etag_and_every_field()
    {
        using var client = App.ClientWithToken(fixture.Admin);
        var date = DateTimeOffset.UtcNow.AddDays(10);

        var created = await client.PostAsJsonAsync("/api/v1/events", new { name = "Concert", description = "Loud", venue = "Arena", eventDate = date, totalCapacity = 100, price = 25.5m, promotionWindowMinutes = 30 });
        var body = await created.JsonAsync();
        var read = await client.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var ev = await read.JsonAsync();
        Assert.Equal(body.GetProperty("id").GetGuid(), ev.GetProperty("id").GetGuid());
        Assert.Equal(100, ev.GetProperty("availableSeats").GetInt32());
        Assert.Equal(0, ev.GetProperty("heldSeats").GetInt32());
        Assert.Equal(25.5m, ev.GetProperty("price").GetDecimal());
        Assert.Equal(25.5m, ev.GetProperty("basePrice").GetDecimal());
        Assert.Equal("fixed", ev.GetProperty("pricingPolicy").GetString());
        Assert.Equal("published", ev.GetProperty("status").GetString());
        Assert.Equal(30, ev.GetProperty("promotionWindowMinutes").GetInt32());
        Assert.Equal(0, ev.GetProperty("waitlistLength").GetInt32());
    }

    [Fact]
    public async Task Patch_honours_if_match_and_refuses_capacity_below_seats_sold()
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var user = await App.UserClientAsync();
        using var admin = App.ClientWithToken(fixture.Admin);
        Assert.Equal(HttpStatusCode.Created, (await user.BookAsync(eventId, 6)).StatusCode);
        // An edit moves the version past "1" (bookings do not: see EventETagTests).
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(admin, eventId, new { venue = "Moved" }, null)).StatusCode);
        var current = await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative));
        var etag = current.Headers.ETag!.Tag;

        var stale = await PatchAsync(admin, eventId, new { name = "Renamed" }, "\"1\"");
        var shrinkTooFar = await PatchAsync(admin, eventId, new { totalCapacity = 5 }, etag);
        var grow = await PatchAsync(admin, eventId, new { totalCapacity = 20, name = "Bigger" }, etag);
        var noFields = await PatchAsync(admin, eventId, new { }, null);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("version_mismatch", await stale.CodeAsync());
        Assert.Equal(HttpStatusCode.Conflict, shrinkTooFar.StatusCode);
        Assert.Equal("capacity_below_booked", await shrinkTooFar.CodeAsync());
        Assert.Equal(HttpStatusCode.OK, grow.StatusCode);
        var grown = await grow.JsonAsync();
        Assert.Equal(14, grown.GetProperty("availableSeats").GetInt32());
        Assert.Equal("Bigger", grown.GetProperty("name").GetString());
        Assert.NotEqual(etag, grow.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.BadRequest, noFields.StatusCode);
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Browse_merges_shards_in_date_order_with_filters_and_total_count()
    {
        var (_, otherAdmin) = await OtherAdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var token = i % 2 == 0 ? fixture.Admin : otherAdmin;
            ids.Add(await App.CreateEventAsync(token, capacity: 10, name: $"Gala {tag} {i}", date: now.AddDays(60 - i)));
        }

        using var anonymous = App.CreateClient();
        var page1 = await (await anonymous.GetAsync(new Uri($"/api/v1/events?q={tag}&pageSize=4", UriKind.Relative))).JsonAsync();
        var page2 = await (await anonymous.GetAsync(new Uri($"/api/v1/events?q={tag.ToUpperInvariant()}&pageSize=4&page=2", UriKind.Relative))).JsonAsync();
        var window = await (await anonymous.GetAsync(new Uri($"/api/v1/events?q={tag}&from={Uri.EscapeDataString(now.AddDays(56.5).ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(58.5).ToString("O"))}", UriKind.Relative))).JsonAsync();
        var injection = await anonymous.GetAsync(new Uri($"/api/v1/events?q={Uri.EscapeDataString("' OR 1=1; DROP TABLE events; --")}", UriKind.Relative));

        Assert.Equal(6, page1.GetProperty("totalCount").GetInt64());
        var listed = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(2, window.GetProperty("totalCount").GetInt64());
        Assert.Equal(HttpStatusCode.OK, injection.StatusCode);
        Assert.Equal(0, (await injection.JsonAsync()).GetProperty("totalCount").GetInt64());
    }

    private async Task<(Guid Id, string Token)> OtherAdminAsync()
    {
        var email = $"organizer-{Guid.NewGuid():N}@example.com";
        var (id, _) = await App.RegisterAsync(email);
        await TestPostgres.ExecuteAsync(App.Directory, $"UPDATE users SET role = 'admin', version = version + 1 WHERE id = '{id}'");
        return (id, await App.LoginAsync(email, "Password-123"));
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, Guid eventId, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/events/{eventId}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }
}
