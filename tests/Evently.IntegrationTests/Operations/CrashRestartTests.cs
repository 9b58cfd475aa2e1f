using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using Evently.IntegrationTests.Security;
using Npgsql;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// The README's quick start as an operator meets it: the real front-end process, started (as root in CI) from a private
/// 0700 folder, killed with SIGKILL in the middle of a sale, and started again on the same folder.
/// </summary>
public sealed class CrashRestartTests
{
    private const string AdminPassword = "Crash-Restart-Admin-2026!";

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Killed_mid_sale_from_a_private_folder_it_starts_again_and_keeps_every_acknowledged_booking()
    {
        // Directory.CreateTempSubdirectory makes a 0700 folder, as mktemp -d does (and as /root is).
        var folder = Directory.CreateTempSubdirectory("evently-private-").FullName;
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }

        var data = Path.Combine(folder, ".data", "postgres");
        string? relocated = null;
        try
        {
            var url = EventlyProcess.FreeUrl();
            Guid eventId;
            ConcurrentBag<Guid> acknowledged = [];
            await using (var first = await EventlyProcess.StartReadyAsync(url, Environment(url, data)))
            {
                if (LocalProcess.IsRoot)
                {
                    // The cluster went where the postgres user can reach it, and one line says where.
                    var line = Assert.Single(first.Lines, l => l.Contains("keeps its data in", StringComparison.Ordinal));
                    relocated = line[(line.IndexOf("keeps its data in ", StringComparison.Ordinal) + 18)..line.IndexOf(" instead", StringComparison.Ordinal)];
                }

                using var admin = await ClientAsync(url, AdminTokenAsync);
                eventId = await CreateEventAsync(admin, capacity: 100_000);
                var users = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ClientAsync(url, RegisterAsync)));
                using var stop = new CancellationTokenSource();
                var sale = Task.WhenAll(users.Select(client => SellAsync(client, eventId, acknowledged, stop.Token)));
                await Poll.UntilAsync(() => acknowledged.Count >= 200, TimeSpan.FromSeconds(20));

                // The process dies with requests in flight; so does its watchdog (as with version 1.0, which had none):
                // its PostgreSQL is left running, orphaned.
                foreach (var watchdog in first.Children("evently-postgres-watchdog"))
                {
                    System.Diagnostics.Process.GetProcessById(watchdog).Kill(entireProcessTree: true);
                }

                await first.KillHardAsync();
                await stop.CancelAsync();
                await sale;
                foreach (var user in users)
                {
                    user.Dispose();
                }
            }

            Assert.True(acknowledged.Count >= 50, $"only {acknowledged.Count} bookings were acknowledged before the kill");
            var orphan = PostmasterPid(relocated ?? data);
            Assert.True(orphan is not null && EventlyProcess.IsRunning(orphan.Value), "the embedded PostgreSQL should have outlived the killed process");

            // Started again with the same folder (and another address): it stops the orphan and comes up.
            var again = EventlyProcess.FreeUrl();
            await using (var second = await EventlyProcess.StartReadyAsync(again, Environment(again, data)))
            {
                Assert.Contains(second.Lines, l => l.Contains("left running by an earlier run", StringComparison.Ordinal));
                Assert.False(EventlyProcess.IsRunning(orphan!.Value));
                var connection = new NpgsqlConnectionStringBuilder(File.ReadAllText(Path.Combine(folder, ".data", "connection.txt")).Trim()) { Database = "evently_shard_0", Pooling = false }.ConnectionString;
                var ids = acknowledged.ToArray();
                Assert.Equal(ids.Length, await TestPostgres.ScalarAsync<long>(connection, "SELECT count(*) FROM bookings WHERE id = ANY(@ids) AND status = 'confirmed'", ("ids", ids)));
                var sold = await TestPostgres.ScalarAsync<long>(connection, "SELECT coalesce(sum(quantity), 0)::bigint FROM bookings WHERE event_id = @e AND status = 'confirmed'", ("e", eventId));
                Assert.True(sold >= ids.Length);

                // And the event answers with the seats the database holds.
                using var anonymous = new HttpClient { BaseAddress = again };
                var shown = await (await anonymous.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
                Assert.Equal(100_000 - sold, shown.GetProperty("availableSeats").GetInt64());

                // Killed again, this time with its watchdog alive: the embedded server does not outlive it for long.
                var server = PostmasterPid(relocated ?? data);
                Assert.NotNull(server);
                await second.KillHardAsync();
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (EventlyProcess.IsRunning(server.Value) && waited.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(100);
                }

                Assert.False(EventlyProcess.IsRunning(server.Value), "the watchdog should stop the embedded PostgreSQL once its parent is gone");
            }
        }
        finally
        {
            Delete(folder);
            if (relocated is not null)
            {
                Delete(Path.GetDirectoryName(relocated)!);
            }
        }
    }

    [Fact]
    public async Task A_data_folder_out_of_reach_everywhere_is_one_clear_line_and_a_non_zero_exit()
    {
        if (!LocalProcess.IsRoot)
        {
            // Only root hands the cluster to another user; as anyone else the folder is our own.
            return;
        }

        var folder = Directory.CreateTempSubdirectory("evently-private-").FullName;
        try
        {
            var url = EventlyProcess.FreeUrl();
            var environment = new Dictionary<string, string>(Environment(url, Path.Combine(folder, ".data", "postgres")))
            {
                // The fallback is private too, so the postgres user can reach neither.
                ["Evently__EmbeddedPostgres__FallbackDirectory"] = Path.Combine(folder, "fallback"),
            };
            await using var process = EventlyProcess.Start(environment);
            var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));

            Assert.NotEqual(0, exit);
            var error = Assert.Single(process.Lines, l => l.StartsWith("Evently cannot start:", StringComparison.Ordinal));
            Assert.Contains("Evently:EmbeddedPostgres:DataDirectory", error, StringComparison.Ordinal);
            Assert.DoesNotContain(process.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));
        }
        finally
        {
            Delete(folder);
        }
    }

    internal static Dictionary<string, string> Environment(Uri url, string dataDirectory) => new()
    {
        ["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Evently__EmbeddedPostgres__DataDirectory"] = dataDirectory,
        ["Evently__Shards__Count"] = "1",
        ["Evently__Database__MaxPoolSize"] = "10",
        ["Evently__Admin__Password"] = AdminPassword,
    };

    internal static async Task<string> AdminTokenAsync(HttpClient client) => await LoginAsync(client, "admin@evently.local", AdminPassword);

    internal static async Task<string> RegisterAsync(HttpClient client)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, name = "Crash Test", password = "Password-123" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return await LoginAsync(client, email, "Password-123");
    }

    internal static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.JsonAsync()).GetProperty("accessToken").GetString()!;
    }

    internal static async Task<HttpClient> ClientAsync(Uri url, Func<HttpClient, Task<string>> token)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await token(client));
        return client;
    }

    internal static async Task<Guid> CreateEventAsync(HttpClient admin, int capacity)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/events", new
        {
            name = "Crash sale", venue = "Hall A", eventDate = DateTimeOffset.UtcNow.AddDays(30), totalCapacity = capacity, price = 10m,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task SellAsync(HttpClient client, Guid eventId, ConcurrentBag<Guid> acknowledged, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.BookAsync(eventId, 1, Guid.NewGuid().ToString("N"));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add((await response.JsonAsync()).GetProperty("id").GetGuid());
                }
            }
            catch (HttpRequestException)
            {
                // The process died under this request: its outcome is unknown, and it was not acknowledged.
                return;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    private static int? PostmasterPid(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "postmaster.pid");
        return File.Exists(file) && int.TryParse(File.ReadLines(file).First().Trim(), out var pid) ? pid : null;
    }

    private static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
