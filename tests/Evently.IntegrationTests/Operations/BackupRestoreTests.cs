using System.Diagnostics;
using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Evently.LoadGenerator.Hosting;
using Npgsql;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// scripts/evently-db.sh, as docs/operations.md tells an operator to run it: back up the directory and every shard
/// database with the system stopped, lose data, restore, start again, and the booking is back. Run from a folder
/// outside the repository (and as root in CI), against real PostgreSQL.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_booking_backed_up_is_back_after_its_shard_database_is_dropped_and_the_directory_changed()
    {
        Guid eventId;
        Guid bookingId;
        int shardOfBooking;
        Dictionary<string, string?> databases;
        await using (var app = await EventlyApp.StartAsync(shards: 2))
        {
            databases = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Directory"] = app.Directory,
                ["ConnectionStrings:Shard0"] = app.Shards[0],
                ["ConnectionStrings:Shard1"] = app.Shards[1],
            };
            eventId = await app.CreateEventAsync(await app.AdminTokenAsync(), capacity: 10);
            var user = await app.RegisterAsync("backed-up@example.com", "Backed-Up-Password-1");
            using var client = app.ClientWithToken(user.Token);
            var booked = await client.BookAsync(eventId, 3);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            bookingId = (await booked.JsonAsync()).GetProperty("id").GetGuid();
            shardOfBooking = app.ShardIndexOf(bookingId);
        }

        var elsewhere = Directory.CreateTempSubdirectory("evently-cwd-").FullName;
        try
        {
            var directory = databases["ConnectionStrings:Directory"]!;
            var backedUp = await RunScriptAsync(elsewhere, "backup", "backup", directory);
            Assert.Equal(3, Directory.GetFiles(Path.Combine(elsewhere, "backup"), "*.dump").Length);
            Assert.Contains("backup complete", backedUp, StringComparison.Ordinal);

            // The data is lost after the backup: the user's sign-in changed in the directory, and the shard of the
            // booking dropped with everything in it.
            await TestPostgres.ExecuteAsync(directory, "UPDATE users SET password_hash = 'lost' WHERE email = 'backed-up@example.com'");
            var shard = new NpgsqlConnectionStringBuilder(databases[$"ConnectionStrings:Shard{shardOfBooking}"]);
            var server = new NpgsqlConnectionStringBuilder(directory) { Database = "postgres" }.ConnectionString;
            await TestPostgres.ExecuteAsync(server, $"DROP DATABASE \"{shard.Database}\" WITH (FORCE)");

            // The system is stopped; a process that stops closes its connections, but a host run inside the test process
            // leaves its idle pooled ones open until the process ends: close them as the stopped processes would have.
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('{string.Join("', '", databases.Values.Select(c => new NpgsqlConnectionStringBuilder(c).Database))}')");
            var restored = await RunScriptAsync(elsewhere, "restore", Path.Combine(elsewhere, "backup"), directory);
            Assert.Contains("restore complete", restored, StringComparison.Ordinal);

            await using var again = await EventlyApp.StartAsync(databases, shards: 2);
            using var signedIn = again.ClientWithToken(await again.LoginAsync("backed-up@example.com", "Backed-Up-Password-1"));
            var booking = await (await signedIn.GetAsync(new Uri($"/api/v1/bookings/{bookingId}", UriKind.Relative))).JsonAsync();
            Assert.Equal(("confirmed", 3), (booking.GetProperty("status").GetString(), booking.GetProperty("quantity").GetInt32()));
            var theEvent = await (await signedIn.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
            Assert.Equal(7, theEvent.GetProperty("availableSeats").GetInt32());
            await again.AssertInvariantsAsync();
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_refuses_while_the_system_still_holds_its_databases()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var folder = Directory.CreateTempSubdirectory("evently-backup-").FullName;
        try
        {
            await RunScriptAsync(folder, "backup", folder, app.Directory);
            var refused = await RunScriptAsync(folder, "restore", folder, app.Directory, expectedExitCode: 1);
            Assert.Contains("stop the front ends and silos first", refused, StringComparison.Ordinal);
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs the script with <paramref name="workingDirectory"/> as the current folder; returns what it wrote.</summary>
    private static async Task<string> RunScriptAsync(string workingDirectory, string verb, string folder, string connection, int expectedExitCode = 0)
    {
        var script = Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("Evently.sln not found"), "scripts", "evently-db.sh");
        var start = new ProcessStartInfo("bash", [script, verb, folder, "--connection", connection])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ConnectionStrings__Directory");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var all = await output + await error;
        Assert.True(process.ExitCode == expectedExitCode, $"evently-db.sh {verb} exited {process.ExitCode}: {all}");
        return all;
    }
}
