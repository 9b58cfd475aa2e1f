using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Password hashing under the shipped limits (<c>Evently:PasswordHasher</c>, <c>Evently:RateLimits</c>), shown by load
/// beside one ordinary user who signs in from elsewhere: (a) one account signing in again and again from one address,
/// (b) a sale-day crowd behind one NAT address, registering and signing in at 2,000 people a minute, each person arriving
/// on their own clock (no one waits for anyone else). The ordinary user always gets 200 promptly, and the crowd is never
/// refused (docs/security.md#a-sale-day-crowd-behind-one-address). <c>EVENTLY_CROWD</c> sets the crowd's size (default
/// 400 people, 20 seconds of the sale-day rate) and <c>EVENTLY_CROWD_ITERATIONS</c> the PBKDF2 cost its run uses.
/// </summary>
public sealed class SaleDayLoginTests(ITestOutputHelper output)
{
    private const string Password = "Password-123";
    private const string Elsewhere = "198.51.100.7";

    // People a minute in the sale-day crowd.
    private const int CrowdPerMinute = 2_000;

    [Fact]
    public async Task One_account_signing_in_in_a_loop_from_one_address_leaves_another_user_in_promptly()
    {
        // The shipped hashing limits and cost: nothing of Evently:PasswordHasher is overridden.
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var looper = $"loop-{Guid.NewGuid():N}@example.com";
        var normal = $"normal-{Guid.NewGuid():N}@example.com";
        await app.RegisterAsync(looper);
        await app.RegisterAsync(normal);
        using var client = app.CreateClient();
        var alone = await NormalLoginsAsync(client, normal, 3);

        using var stop = new CancellationTokenSource();
        var saturated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            while (!stop.IsCancellationRequested)
            {
                using var answer = await SendAsync(client, "192.0.2.10", "/api/v1/auth/login", new { email = looper, password = Password });
                statuses.Add(answer.StatusCode);
                if (answer.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    saturated.TrySetResult();
                }
            }

            return statuses;
        })).ToList();

        // Once the loop is refused, it holds everything its account may; now the other user signs in beside it.
        await saturated.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var beside = await NormalLoginsAsync(client, normal, 10);
        await stop.CancelAsync();
        var loopStatuses = (await Task.WhenAll(loop)).SelectMany(s => s).ToList();

        Report("alone", alone);
        Report("beside the loop", beside);
        output.WriteLine($"loop: {loopStatuses.Count(s => s == HttpStatusCode.OK)} x 200, {loopStatuses.Count(s => s == HttpStatusCode.TooManyRequests)} x 429");
        Assert.All(beside, l => Assert.Equal(HttpStatusCode.OK, l.Status));
        Assert.All(loopStatuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {(int)s}"));
        Assert.Contains(HttpStatusCode.OK, loopStatuses);
        // The loop holds at most its account's share (2 slots and queue places): the other user waits behind no more.
        var prompt = Prompt(alone);
        Assert.All(beside, l => Assert.True(l.Took <= prompt, $"a login beside the loop took {l.Took}, alone at most {alone.Max(a => a.Took)}"));
    }

    [Fact]
    public async Task A_sale_day_crowd_behind_one_address_is_not_refused_and_another_user_gets_in_promptly()
    {
        var people = Setting("EVENTLY_CROWD", 400);
        var iterations = Setting("EVENTLY_CROWD_ITERATIONS", 1_000);
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            // The shipped registration limit per address (RateLimitOptions), not the test-wide relaxation.
            ["Evently:RateLimits:RegistrationsPerAddress"] = "3000",
            ["Evently:PasswordHasher:IterationCount"] = iterations.ToString(CultureInfo.InvariantCulture),
        }, shards: 1);
        var normal = $"normal-{Guid.NewGuid():N}@example.com";
        await app.RegisterAsync(normal);
        using var client = app.CreateClient();
        var alone = await NormalLoginsAsync(client, normal, 3);

        // Each person arrives at their own moment of the minute and registers, then signs in, from the venue's address.
        var statuses = new ConcurrentBag<(string Step, HttpStatusCode Status, TimeSpan Took)>();
        var clock = Stopwatch.StartNew();
        var crowd = Enumerable.Range(0, people).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1) * i / CrowdPerMinute);
            var email = $"crowd-{i}-{Guid.NewGuid():N}@example.com";
            var started = Stopwatch.GetTimestamp();
            using (var registered = await SendAsync(client, "203.0.113.80", "/api/v1/auth/register", new { email, name = "Fan", password = Password }))
            {
                statuses.Add(("register", registered.StatusCode, Stopwatch.GetElapsedTime(started)));
            }

            started = Stopwatch.GetTimestamp();
            using var login = await SendAsync(client, "203.0.113.80", "/api/v1/auth/login", new { email, password = Password });
            statuses.Add(("login", login.StatusCode, Stopwatch.GetElapsedTime(started)));
        }).ToList();

        var beside = new List<(HttpStatusCode Status, TimeSpan Took)>();
        while (crowd.Any(c => !c.IsCompleted))
        {
            beside.AddRange(await NormalLoginsAsync(client, normal, 1));

            // A person, not a script: ten sign-ins a second stay far below the per-address request limit, which an unpaced
            // loop reaches within the minute once the crowd is served fast (20,000 sign-ins: the 20,001st is 429).
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        await Task.WhenAll(crowd);
        var took = clock.Elapsed;

        Report("alone", alone);
        Report("beside the crowd", beside);
        foreach (var step in new[] { "register", "login" })
        {
            var of = statuses.Where(s => s.Step == step).ToList();
            output.WriteLine($"{step}: {string.Join(", ", of.GroupBy(s => (int)s.Status).Select(g => $"{g.Count()} x {g.Key}"))}; "
                + $"p50 {Percentile(of.Select(s => s.Took), 0.5).TotalMilliseconds:F0} ms, p99 {Percentile(of.Select(s => s.Took), 0.99).TotalMilliseconds:F0} ms");
        }

        output.WriteLine($"{people} people ({2 * people} requests) at {CrowdPerMinute} a minute, PBKDF2 {iterations} iterations: done in {took.TotalSeconds:F1} s");
        Assert.Equal(people, statuses.Count(s => s is ("register", HttpStatusCode.Created, _)));
        Assert.Equal(people, statuses.Count(s => s is ("login", HttpStatusCode.OK, _)));
        Assert.NotEmpty(beside);
        Assert.All(beside, l => Assert.Equal(HttpStatusCode.OK, l.Status));
        var prompt = Prompt(alone);
        Assert.All(beside, l => Assert.True(l.Took <= prompt, $"a login beside the crowd took {l.Took}, alone at most {alone.Max(a => a.Took)}"));
    }

    // Promptly: behind at most the other side's share of the hashing (two hashes of one account) and its own, so within a
    // few times signing in alone, plus room for a busy test machine; waiting behind every request of a loop would not be.
    private static TimeSpan Prompt(List<(HttpStatusCode Status, TimeSpan Took)> alone) => 6 * alone.Max(a => a.Took) + TimeSpan.FromSeconds(2);

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static TimeSpan Percentile(IEnumerable<TimeSpan> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private void Report(string what, List<(HttpStatusCode Status, TimeSpan Took)> logins) =>
        output.WriteLine($"ordinary user {what}: {logins.Count} logins, {string.Join(", ", logins.GroupBy(l => (int)l.Status).Select(g => $"{g.Count()} x {g.Key}"))}, "
            + $"max {logins.Max(l => l.Took).TotalMilliseconds:F0} ms");

    private static async Task<List<(HttpStatusCode Status, TimeSpan Took)>> NormalLoginsAsync(HttpClient client, string email, int count)
    {
        var logins = new List<(HttpStatusCode, TimeSpan)>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var answer = await SendAsync(client, Elsewhere, "/api/v1/auth/login", new { email, password = Password });
            logins.Add((answer.StatusCode, Stopwatch.GetElapsedTime(started)));
        }

        return logins;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string address, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ClientAddressHeader.Name, address);
        return await client.SendAsync(request);
    }
}
