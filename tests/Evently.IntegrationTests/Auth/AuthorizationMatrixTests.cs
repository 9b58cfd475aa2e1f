using System.Net;
using System.Text;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Auth;

/// <summary>
/// Every endpoint the app maps (read from its endpoint data source, so a new one cannot be forgotten) ×
/// {anonymous, user, other user, admin}. Anonymous access is an explicit allow-list; everything else needs a policy,
/// answers 401 to anonymous and, when admin-only, 403 to users; nothing answers 5xx to a junk body.
/// </summary>
[Collection(AuthCollection.Name)]
public sealed class AuthorizationMatrixTests(AdminAppFixture fixture, ITestOutputHelper output)
{
    private EventlyApp App => fixture.App;

    [Fact]
    public void Every_endpoint_is_protected_by_a_policy_or_deliberately_anonymous()
    {
        var rows = EndpointMatrix.Read(App.Services.GetRequiredService<EndpointDataSource>());

        var problems = rows.Select(r => r.StaticProblem()).OfType<string>().ToList();
        problems.AddRange(EndpointMatrix.AnonymousAllowList
            .Where(entry => !rows.Any(r => r.IsAllowListed && Covers(entry, r)))
            .Select(entry => $"The allow-list entry '{entry}' matches no endpoint any more: remove it."));

        Assert.True(rows.Count > 20, $"Only {rows.Count} endpoints were found; is the data source the app's?");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void An_endpoint_without_a_policy_fails_the_matrix()
    {
        var forgotten = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/forgotten"), 0,
            new EndpointMetadataCollection(new HttpMethodMetadata(["POST"])), "forgotten");

        var problem = Assert.Single(EndpointMatrix.Read(forgotten)).StaticProblem();

        Assert.NotNull(problem);
        Assert.Contains("POST /api/v1/forgotten has no authorization policy", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_its_policy_says()
    {
        var (ownerId, ownerToken) = await App.RegisterAsync();
        var (_, otherToken) = await App.RegisterAsync();
        var adminToken = await App.AdminTokenAsync();
        var eventId = await App.CreateEventAsync(adminToken, capacity: 100);
        Guid bookingId, holdId, confirmHoldId;
        using (var owner = App.ClientWithToken(ownerToken))
        {
            var booked = await owner.BookAsync(eventId, 1);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            bookingId = (await booked.JsonAsync()).GetProperty("id").GetGuid();
            // Holds on an event of their own: the matrix cancels the other one, which releases its holds.
            var holdEventId = await App.CreateEventAsync(adminToken, capacity: 10);
            holdId = await Holds.HoldClient.HoldIdAsync(owner, holdEventId, 1);
            confirmHoldId = await Holds.HoldClient.HoldIdAsync(owner, holdEventId, 1);
        }

        // Route ids point at real things the owner holds, so "other user" meets them too. Confirming a hold gets one of
        // its own: the owner's confirm must succeed whatever was done to the other one first.
        Guid IdFor(string pattern) =>
            pattern.StartsWith("/api/v1/bookings/", StringComparison.Ordinal) ? bookingId
            : pattern.StartsWith("/api/v1/holds/", StringComparison.Ordinal) ? (pattern.EndsWith("/confirm", StringComparison.Ordinal) ? confirmHoldId : holdId)
            : pattern.Contains("/events/", StringComparison.Ordinal) ? eventId
            : pattern.StartsWith("/api/v1/admin/users/", StringComparison.Ordinal) ? ownerId
            : Guid.NewGuid();

        var callers = new (string Name, HttpClient Client)[]
        {
            ("anonymous", JsonClient(App.CreateClient())),
            ("other user", App.ClientWithToken(otherToken)),
            ("user", App.ClientWithToken(ownerToken)),
            ("admin", App.ClientWithToken(adminToken)),
        };
        var failures = new List<string>();
        var rows = EndpointMatrix.Read(App.Services.GetRequiredService<EndpointDataSource>());
        // Signing out everywhere revokes the callers' tokens: it goes last (OrderBy is stable).
        foreach (var row in rows.Where(r => r.StaticProblem() is null).OrderBy(r => r.Key == "POST /api/v1/auth/logout-all"))
        {
            var path = row.Path(IdFor);
            var line = new StringBuilder($"{row.Key,-60} {(row.IsProtected ? string.Join(",", row.Policies) : "anonymous"),-10}");
            foreach (var (name, client) in callers)
            {
                var (status, code) = await CallAsync(client, row, path);
                line.Append(System.Globalization.CultureInfo.InvariantCulture, $" {name}={status}");
                var problem = Judge(row, name, status, code);
                if (problem is not null)
                {
                    failures.Add($"{row.Key} ({path}) as {name}: {problem}");
                }
            }

            output.WriteLine(line.ToString());
        }

        foreach (var (_, client) in callers)
        {
            client.Dispose();
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    // A script asking for JSON: a bare anonymous request to the dashboard goes to its sign-in form instead (EntryPointsTests).
    private static HttpClient JsonClient(HttpClient client)
    {
        client.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static string? Judge(EndpointMatrix row, string caller, int status, string? code)
    {
        // The dashboard and the API page are third-party; their answers to junk parameters are not ours to judge.
        var thirdParty = row.Pattern.StartsWith("/dashboard/", StringComparison.Ordinal) || row.Pattern.StartsWith("/docs/", StringComparison.Ordinal);
        if (status >= 500 && !thirdParty)
        {
            return $"answered {status} {code}; bad input must never be a 5xx.";
        }

        if (!row.IsProtected)
        {
            return status is 401 or 403 ? $"is allow-listed as anonymous but answered {status} {code}." : null;
        }

        var owned = row.Pattern.StartsWith("/api/v1/bookings/{", StringComparison.Ordinal) || row.Pattern.StartsWith("/api/v1/holds/{", StringComparison.Ordinal);
        return caller switch
        {
            "anonymous" when status != 401 || code != "unauthorized" => $"expected 401 unauthorized, got {status} {code}.",
            "user" or "other user" when row.IsAdminOnly && (status != 403 || code != "forbidden") => $"is admin-only: expected 403 forbidden, got {status} {code}.",
            "user" or "other user" or "admin" when !row.IsAdminOnly && status is 401 or 403 => $"is open to every user: expected no 401/403, got {status} {code}.",
            "admin" when status is 401 or 403 => $"expected admin to pass, got {status} {code}.",
            "other user" when owned && status != 404 => $"is the owner's: another user must get 404, got {status} {code}.",
            "user" when owned && status is < 200 or > 299 => $"is the owner's: the owner must get 2xx, got {status} {code}.",
            _ => null,
        };
    }

    private static async Task<(int Status, string? Code)> CallAsync(HttpClient client, EndpointMatrix row, string path)
    {
        var method = row.Method == "ANY" ? HttpMethod.Get : new HttpMethod(row.Method);
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            string? code = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
                code = json.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
            }

            return ((int)response.StatusCode, code);
        }
        catch (OperationCanceledException)
        {
            // A streaming endpoint (the dashboard's trace) that sent no headers in time: it let the caller in.
            return (0, "streaming");
        }
    }

    private static bool Covers(string entry, EndpointMatrix row) =>
        entry.EndsWith('*') ? row.Key.StartsWith(entry[..^1], StringComparison.Ordinal) : row.Key == entry;
}
