using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.SaleDay;

/// <summary>The sale-day fields of an event: defaults, validation, edits, and every place an event is returned.</summary>
public sealed class SaleEventFieldsTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    public static TheoryData<string> BadSales => new()
    {
        """{"salesStartAt":"2029-06-01T00:00:00Z","salesEndAt":"2029-06-01T00:00:00Z"}""",
        """{"salesStartAt":"2029-06-02T00:00:00Z","salesEndAt":"2029-06-01T00:00:00Z"}""",
        """{"salesEndAt":"2030-01-02T00:00:00Z"}""",
        """{"salesStartAt":"2030-01-01T00:00:00Z"}""",
        """{"maxTicketsPerUser":0}""",
        """{"maxTicketsPerUser":101}""",
        """{"maxTicketsPerUser":"five"}""",
        """{"waitingRoom":{}}""",
        """{"waitingRoom":{"admitPerMinute":0}}""",
        """{"waitingRoom":{"admitPerMinute":100001}}""",
        """{"waitingRoom":{"admitPerMinute":10,"admissionMinutes":0}}""",
        """{"waitingRoom":{"admitPerMinute":10,"admissionMinutes":121}}""",
        """{"waitingRoom":{"admitPerMinute":10,"opensMinutesBefore":-1}}""",
        """{"waitingRoom":{"admitPerMinute":10,"opensMinutesBefore":1441}}""",
        """{"waitingRoom":"yes"}""",
    };

    [Theory]
    [MemberData(nameof(BadSales))]
    public async Task Bad_sale_fields_are_400_validation_failed_and_create_nothing(string sale)
    {
        using var client = App.ClientWithToken(fixture.Admin);
        var body = """{"name":"n","venue":"v","eventDate":"2030-01-01T00:00:00Z","totalCapacity":10,"price":1,""" + sale[1..];

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync(new Uri("/api/v1/events", UriKind.Relative), content);

        var problem = await response.AssertProblemAsync(400, "validation_failed");
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any());
    }

    [Fact]
    public async Task Defaults_are_creation_to_event_date_without_limit_or_room_and_show_in_read_and_browse()
    {
        var date = DateTimeOffset.UtcNow.AddDays(40);
        var before = DateTimeOffset.UtcNow;
        var created = await App.CreateSaleAsync(fixture.Admin, new { eventDate = date, name = "x" });
        var id = created.GetProperty("id").GetGuid();

        Assert.InRange(created.GetProperty("salesStartAt").GetDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(date.ToUnixTimeMilliseconds(), created.GetProperty("salesEndAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.True(created.IsNullOrAbsent("maxTicketsPerUser"));
        Assert.True(created.IsNullOrAbsent("waitingRoom"));

        using var anonymous = App.CreateClient();
        var browsed = await (await anonymous.GetAsync(new Uri($"/api/v1/events?q=Sale%20day&pageSize=100&from={Uri.EscapeDataString(date.AddMinutes(-1).ToString("O"))}", UriKind.Relative))).JsonAsync();
        var item = browsed.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == id);
        Assert.Equal(created.GetProperty("salesStartAt").GetDateTimeOffset(), item.GetProperty("salesStartAt").GetDateTimeOffset());
        Assert.Equal(created.GetProperty("salesEndAt").GetDateTimeOffset(), item.GetProperty("salesEndAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Every_field_is_accepted_returned_edited_and_cleared()
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var created = await App.CreateSaleAsync(fixture.Admin, new
        {
            salesStartAt = start,
            salesEndAt = start.AddDays(2),
            maxTicketsPerUser = 4,
            waitingRoom = new { admitPerMinute = 600 },
        });
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(4, created.GetProperty("maxTicketsPerUser").GetInt32());
        var room = created.GetProperty("waitingRoom");
        Assert.Equal(600, room.GetProperty("admitPerMinute").GetInt32());
        Assert.Equal(10, room.GetProperty("admissionMinutes").GetInt32());
        Assert.Equal(30, room.GetProperty("opensMinutesBefore").GetInt32());

        using var admin = App.ClientWithToken(fixture.Admin);
        var edited = await admin.PatchAsJsonAsync($"/api/v1/events/{id}", new { maxTicketsPerUser = 2, waitingRoom = new { admitPerMinute = 60, admissionMinutes = 5, opensMinutesBefore = 0 } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var afterEdit = await edited.JsonAsync();
        Assert.Equal(2, afterEdit.GetProperty("maxTicketsPerUser").GetInt32());
        Assert.Equal(5, afterEdit.GetProperty("waitingRoom").GetProperty("admissionMinutes").GetInt32());
        Assert.Equal(start.ToUnixTimeMilliseconds(), afterEdit.GetProperty("salesStartAt").GetDateTimeOffset().ToUnixTimeMilliseconds());

        using var clear = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/events/{id}")
        {
            Content = new StringContent("""{"maxTicketsPerUser":null,"waitingRoom":null}""", System.Text.Encoding.UTF8, "application/json"),
        };
        var cleared = await admin.SendAsync(clear);
        var afterClear = await cleared.JsonAsync();
        Assert.True(afterClear.IsNullOrAbsent("maxTicketsPerUser"));
        Assert.True(afterClear.IsNullOrAbsent("waitingRoom"));

        // The window is checked against the event as it stands: an end past the event date is refused, nothing changes.
        var tooLate = await admin.PatchAsJsonAsync($"/api/v1/events/{id}", new { salesEndAt = DateTimeOffset.UtcNow.AddDays(31) });
        await tooLate.AssertProblemAsync(400, "validation_failed");
        var read = await (await admin.GetAsync(new Uri($"/api/v1/events/{id}", UriKind.Relative))).JsonAsync();
        Assert.Equal(afterClear.GetProperty("version").GetInt64(), read.GetProperty("version").GetInt64());
        Assert.Equal(start.AddDays(2).ToUnixTimeMilliseconds(), read.GetProperty("salesEndAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Moving_the_event_earlier_moves_a_default_end_of_sales_with_it()
    {
        var created = await App.CreateSaleAsync(fixture.Admin, new { });
        var id = created.GetProperty("id").GetGuid();
        var earlier = DateTimeOffset.UtcNow.AddDays(20);
        using var admin = App.ClientWithToken(fixture.Admin);

        var moved = await (await admin.PatchAsJsonAsync($"/api/v1/events/{id}", new { eventDate = earlier })).JsonAsync();

        Assert.Equal(earlier.ToUnixTimeMilliseconds(), moved.GetProperty("salesEndAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }
}
