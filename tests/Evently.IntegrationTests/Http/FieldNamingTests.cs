using System.Net;
using System.Text.Json;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Http;

/// <summary>
/// Every 400 names what was wrong under the field's own name (docs/api.md#errors): a query value under its parameter,
/// a body member of the wrong type under its JSON path, only unparseable JSON under <c>body</c>; a body that is not
/// JSON at all is a <c>415 unsupported_media_type</c> naming the content type to send.
/// </summary>
public sealed class FieldNamingTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/v1/events?from=yesterday", "from" },
        { "/api/v1/events?to=2030-13-45", "to" },
        { "/api/v1/events?page=first", "page" },
        { "/api/v1/events?pageSize=1e3", "pageSize" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_value_is_reported_under_its_parameter(string url, string field)
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        await response.ValidationFailedAsync(field);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.False(errors.TryGetProperty("body", out _), errors.ToString());
    }

    [Fact]
    public async Task A_bad_query_value_of_an_admin_report_is_reported_under_its_parameter()
    {
        using var admin = App.ClientWithToken(fixture.Admin);

        await (await admin.GetAsync(new Uri("/api/v1/admin/analytics/summary?from=soon", UriKind.Relative))).ValidationFailedAsync("from");
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"quantity":"two"}""", "quantity" },
        { """{"quantity":1.5}""", "quantity" },
        { """{"quantity":true}""", "quantity" },
        { """{"quantity":99999999999}""", "quantity" },
        { """{"quantity":2,"seats":"A-1-1"}""", "seats" },
        { """{"quantity":2,"seats":[1]}""", "seats[0]" },
        { """{"quantity":""", "body" },
        { "[]", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_member_of_the_wrong_type_is_reported_under_its_name(string body, string field)
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var user = await App.UserClientAsync();

        var response = await user.SendRawAsync(HttpMethod.Post, $"/api/v1/events/{eventId}/bookings", body);

        await response.ValidationFailedAsync(field);
    }

    [Fact]
    public async Task A_nested_member_of_the_wrong_type_is_reported_under_its_path()
    {
        using var admin = App.ClientWithToken(fixture.Admin);

        var response = await admin.SendRawAsync(HttpMethod.Post, "/api/v1/events",
            """{"name":"N","venue":"V","eventDate":"2031-01-01T00:00:00Z","totalCapacity":5,"price":1,"waitingRoom":{"admitPerMinute":"many"}}""");

        await response.ValidationFailedAsync("waitingRoom.admitPerMinute");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_415_naming_the_content_type(string? contentType)
    {
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 10);
        using var user = await App.UserClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/bookings") { Content = new StringContent("""{"quantity":1}""") };
        request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        var response = await user.SendAsync(request);

        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var messages = problem.GetProperty("errors").GetProperty("Content-Type");
        Assert.Contains("application/json", messages[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("malformed", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.String, problem.GetProperty("detail").ValueKind);
    }
}
