using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using CsCheck;
using Evently.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// Property-based fuzzing of every mapped endpoint (CsCheck): generated routes, queries, headers and bodies from
/// every kind of caller. Whatever arrives, the answer is never a 5xx, every 4xx is a problem with a <c>code</c>,
/// and requests the API refuses leave every database as it was.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HttpFuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    [Fact]
    public void Every_body_member_the_fuzzer_knows_belongs_to_a_mapped_endpoint()
    {
        var keys = fixture.Endpoints.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);

        Assert.True(fixture.Endpoints.Count > 20, $"only {fixture.Endpoints.Count} endpoints found");
        Assert.All(FuzzEndpoint.Bodies.Keys, key => Assert.Contains(key, keys));
    }

    [Fact]
    public async Task Generated_requests_to_every_endpoint_never_get_a_5xx_and_every_4xx_is_a_coded_problem()
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var reached = new ConcurrentDictionary<string, int>();

        await FuzzRequests.Any(fixture.Endpoints, fixture.Ids).SampleAsync(async request =>
        {
            var (status, problem) = await FuzzVerdict.SendAsync(fixture.Client(request.Caller), request);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            reached.AddOrUpdate(request.Endpoint.Key, 1, (_, n) => n + 1);
            Assert.True(problem is null, problem);
        }, iter: 2500, threads: 2, print: request => request.ToString());

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.All(fixture.Endpoints, e => Assert.True(reached.ContainsKey(e.Key), $"{e.Key} was never fuzzed"));
    }

    [Fact]
    public async Task Bursts_of_refused_requests_leave_every_database_unchanged()
    {
        var sent = 0;
        await FuzzRequests.Refused(fixture.Endpoints, fixture.Ids).Array[5, 20].SampleAsync(async burst =>
        {
            var before = await DatabaseFingerprint.TakeAsync(fixture.App);
            foreach (var request in burst)
            {
                var (status, problem) = await FuzzVerdict.SendAsync(fixture.Client(request.Caller), request);
                Interlocked.Increment(ref sent);
                Assert.True(problem is null, $"{problem}\n{request}");
                Assert.True(status is >= 400 and < 500, $"expected a refusal, got {status}\n{request}");
            }

            var after = await DatabaseFingerprint.TakeAsync(fixture.App);
            Assert.True(before == after, $"refused requests changed the databases\nbefore:\n{before}\nafter:\n{after}");
        }, iter: 40, threads: 1, print: burst => string.Join("\n---\n", burst.Select(r => r.ToString())));

        output.WriteLine($"{sent} refused requests");
    }

    [Theory]
    [InlineData(FuzzRequests.Admin, "/api/v1/events/")]
    [InlineData(FuzzRequests.User, "/api/v1/events/{event}/bookings")]
    [InlineData(FuzzRequests.Anonymous, "/api/v1/auth/register")]
    public async Task A_body_over_the_size_limit_is_refused_with_413_and_changes_nothing(string caller, string path)
    {
        var before = await DatabaseFingerprint.TakeAsync(fixture.App);
        var padding = new string('x', 65_536);
        using var content = new StringContent($"{{\"name\":\"{padding}\",\"quantity\":1,\"email\":\"big@example.com\",\"password\":\"Password-123\"}}");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await fixture.Client(caller).PostAsync(new Uri(path.Replace("{event}", fixture.Ids.EventId.ToString(), StringComparison.Ordinal), UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("payload_too_large", await response.CodeAsync());
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(fixture.App));
    }
}
