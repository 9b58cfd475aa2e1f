using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Password hashing is shared fairly: one account or one address cannot take every slot (successful logins count too),
/// a crowd of many accounts behind one address gets through, and other people's failures from the same address never
/// refuse a correct password.
/// </summary>
public sealed class FairHashingTests
{
    private const string Password = "Password-123";
    private const string Venue = "203.0.113.80";

    [Fact]
    public async Task A_flood_of_one_account_signing_in_leaves_room_for_another_user()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:PasswordHasher:MaxConcurrent"] = "1",
            ["Evently:PasswordHasher:MaxQueued"] = "2",
            // Costly hashes, so that the flood keeps every place busy.
            ["Evently:PasswordHasher:IterationCount"] = "200000",
        }, shards: 1);
        var flooder = $"flood-{Guid.NewGuid():N}@example.com";
        var normal = $"normal-{Guid.NewGuid():N}@example.com";
        await app.RegisterAsync(flooder);
        await app.RegisterAsync(normal);
        using var client = app.CreateClient();

        using var stop = new CancellationTokenSource();
        var saturated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flood = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            while (!stop.IsCancellationRequested)
            {
                using var answer = await LoginAsync(client, $"192.0.2.{i + 1}", flooder, Password);
                statuses.Add(answer.StatusCode);
                if (answer.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    saturated.TrySetResult();
                }
            }

            return statuses;
        })).ToList();

        // Once the flood is refused, it holds everything it may; now someone else signs in beside it.
        await saturated.Task.WaitAsync(TimeSpan.FromMinutes(2));
        using var login = await LoginAsync(client, "198.51.100.7", normal, Password);
        await stop.CancelAsync();
        var floodStatuses = (await Task.WhenAll(flood)).SelectMany(s => s).ToList();

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.All(floodStatuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {(int)s}"));
        Assert.Contains(HttpStatusCode.OK, floodStatuses);
    }

    [Fact]
    public async Task A_sale_day_crowd_of_many_accounts_behind_one_address_gets_through()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            // The shipped default (RateLimitOptions), not the test-wide relaxation.
            ["Evently:RateLimits:RegistrationsPerAddress"] = "3000",
            ["Evently:PasswordHasher:IterationCount"] = "1000",
        }, shards: 1);
        using var client = app.CreateClient();

        // 1,000 people register and sign in: 2,000 requests from one NAT address, 16 at a time.
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(string Step, HttpStatusCode Status)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1_000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var email = $"crowd-{i}-{Guid.NewGuid():N}@example.com";
            using var registered = await SendAsync(client, Venue, "/api/v1/auth/register", new { email, name = "Fan", password = Password });
            statuses.Add(("register", registered.StatusCode));
            using var login = await LoginAsync(client, Venue, email, Password);
            statuses.Add(("login", login.StatusCode));
        });

        Assert.Equal(1_000, statuses.Count(s => s == ("register", HttpStatusCode.Created)));
        Assert.Equal(1_000, statuses.Count(s => s == ("login", HttpStatusCode.OK)));
    }

    [Fact]
    public async Task An_address_beyond_its_share_waits_its_turn_instead_of_being_refused()
    {
        // A share of one place: the seven beyond it wait in the address's own line and all get in.
        var answers = await EightFansSignInAtOnceAsync(queued: null);

        Assert.All(answers, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task An_address_whose_line_is_full_is_refused_at_once()
    {
        var answers = await EightFansSignInAtOnceAsync(queued: 0);

        Assert.Contains(HttpStatusCode.OK, answers);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        Assert.All(answers, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {(int)s}"));
    }

    // Eight people behind the venue's address sign in at the same moment, the address's share one place (its line of
    // waiting requests as configured, or the default), with hashes costly enough that they overlap.
    private static async Task<HttpStatusCode[]> EightFansSignInAtOnceAsync(int? queued)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Evently:PasswordHasher:PerAddress"] = "1",
            ["Evently:PasswordHasher:IterationCount"] = "200000",
        };
        if (queued is { } line)
        {
            settings["Evently:PasswordHasher:PerAddressQueued"] = line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var app = await EventlyApp.StartAsync(settings, shards: 1);
        var emails = Enumerable.Range(0, 8).Select(i => $"fan-{i}-{Guid.NewGuid():N}@example.com").ToList();
        foreach (var email in emails)
        {
            await app.RegisterAsync(email);
        }

        using var client = app.CreateClient();
        return await Task.WhenAll(emails.Select(async email =>
        {
            using var login = await LoginAsync(client, Venue, email, Password);
            return login.StatusCode;
        }));
    }

    [Fact]
    public async Task Other_peoples_failures_from_the_same_address_never_refuse_a_correct_password()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
        {
            ["Evently:RateLimits:RegistrationsPerAddress"] = "3000",
            ["Evently:PasswordHasher:IterationCount"] = "1000",
        }, shards: 1);
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        await app.RegisterAsync(email);
        using var client = app.CreateClient();

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var failed = await LoginAsync(client, Venue, $"someone-{i}-{Guid.NewGuid():N}@example.com", "Mistyped-password");
            failures.Add(failed.StatusCode);
        }

        using var owner = await LoginAsync(client, Venue, email, Password);

        Assert.All(failures, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string address, string email, string password) =>
        SendAsync(client, address, "/api/v1/auth/login", new { email, password });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string address, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ClientAddressHeader.Name, address);
        return await client.SendAsync(request);
    }
}
