using Evently.Persistence.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.IntegrationTests.Security;

/// <summary>Finding 2 on an existing install: a data folder version 1 made with <c>initdb -A trust</c>.</summary>
public sealed class TrustClusterUpgradeTests
{
    [Fact]
    public async Task A_trust_cluster_from_an_older_version_gets_a_password_and_SCRAM_at_its_next_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"evently-trust-{Guid.NewGuid():N}");
        var data = Path.Combine(folder, "postgres");
        Directory.CreateDirectory(data);
        try
        {
            await InitdbWithTrustAsync(data);

            await using var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = data, Durable = false, MaxConnections = 20 }, NullLogger.Instance);

            // The reload is asynchronous: wait (bounded) until the server refuses a connection without a password.
            var refused = await RefusedWithoutPasswordAsync(server.Port);
            await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
            await connection.OpenAsync();
            await using var check = new NpgsqlCommand("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'evently'", connection);

            Assert.True(refused, "the upgraded cluster still accepts connections without a password");
            Assert.True((bool)(await check.ExecuteScalarAsync())!);
            Assert.DoesNotContain(File.ReadAllLines(Path.Combine(data, "pg_hba.conf")), l => !l.TrimStart().StartsWith('#') && l.TrimEnd().EndsWith("trust", StringComparison.Ordinal));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.PasswordFile));
            }
        }
        finally
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

    private static async Task<bool> RefusedWithoutPasswordAsync(int port)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (exit, output) = await LocalProcess.PsqlWithoutPasswordAsync(port, "postgres", "SELECT 1");
            if (exit != 0 && output.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    // What version 1 did at first start.
    private static async Task InitdbWithTrustAsync(string data)
    {
        var initdb = Path.Combine(Path.GetDirectoryName(LocalProcess.Psql)!, "initdb");
        string[] arguments = ["-D", data, "-A", "trust", "-U", "evently", "-E", "UTF8", "--no-locale", "--no-sync"];
        if (LocalProcess.IsRoot)
        {
            Assert.Equal(0, (await LocalProcess.RunAsync("chown", "-R", "postgres:postgres", data)).Exit);
            var (exit, output) = await LocalProcess.RunAsync("runuser", ["-u", "postgres", "--", initdb, .. arguments]);
            Assert.True(exit == 0, output);
        }
        else
        {
            var (exit, output) = await LocalProcess.RunAsync(initdb, arguments);
            Assert.True(exit == 0, output);
        }
    }
}
