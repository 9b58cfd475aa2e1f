using System.Net;
using System.Net.Http.Headers;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// PostgreSQL text cannot hold U+0000. The fuzzer found that a NUL in a search term or an email answered 503 (the
/// database error read as an outage, and on browse as a shard being down); wherever text is stored or searched, a
/// NUL must be refused as bad input, and refusing it must change nothing.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class NulCharacterTests(FuzzFixture fixture) : IClassFixture<FuzzFixture>
{
    [Theory]
    [InlineData(FuzzRequests.Anonymous, "POST", "/api/v1/auth/register", """{"email":"nul@example.com","name":"a\u0000b","password":"Password-123"}""")]
    [InlineData(FuzzRequests.Anonymous, "POST", "/api/v1/auth/register", """{"email":"n\u0000ul@example.com","name":"Nul","password":"Password-123"}""")]
    [InlineData(FuzzRequests.Anonymous, "POST", "/api/v1/auth/login", """{"email":"\u0000","password":"Password-123"}""")]
    [InlineData(FuzzRequests.Anonymous, "GET", "/api/v1/events/?q=%00", null)]
    [InlineData(FuzzRequests.Anonymous, "GET", "/api/v1/events/?venue=a%00b", null)]
    [InlineData(FuzzRequests.Admin, "GET", "/api/v1/admin/users/?email=%00", null)]
    [InlineData(FuzzRequests.Admin, "POST", "/api/v1/events/", """{"name":"a\u0000b","venue":"Hall","eventDate":"2031-01-01T19:30:00Z","totalCapacity":10,"price":1}""")]
    [InlineData(FuzzRequests.Admin, "POST", "/api/v1/events/", """{"name":"Nul","description":"\u0000","venue":"Hall","eventDate":"2031-01-01T19:30:00Z","totalCapacity":10,"price":1}""")]
    [InlineData(FuzzRequests.Admin, "PATCH", "/api/v1/events/{event}", """{"venue":"\u0000"}""")]
    [InlineData(FuzzRequests.Admin, "PUT", "/api/v1/events/{event}/price", """{"price":49.90,"reason":"\u0000"}""")]
    [InlineData(FuzzRequests.User, "POST", "/api/v1/events/{event}/waitlist", """{"quantity":1,"notificationPreferences":{"webhookUrl":"https://example.com/\u0000"}}""")]
    public async Task Text_with_a_NUL_character_is_refused_as_bad_input_and_changes_nothing(string caller, string method, string path, string? body)
    {
        var before = await DatabaseFingerprint.TakeAsync(fixture.App);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.Replace("{event}", fixture.Ids.EventId.ToString(), StringComparison.Ordinal), UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await fixture.Client(caller).SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict,
            $"{method} {path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(fixture.App));
    }
}
