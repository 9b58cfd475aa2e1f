using System.Net;
using System.Net.Http.Json;
using Evently.Api.Auth;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Embedded;
using Npgsql;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Findings 2 and 3 on a real single-machine install: the embedded database asks every connection for a password that
/// only the owner can read, every secret file is 0600, and the admin's password is generated at first start.
/// </summary>
public sealed class EmbeddedInstallTests(EmbeddedInstallFixture install) : IClassFixture<EmbeddedInstallFixture>
{
    private static readonly string[] SecretFiles = ["connection.txt", EmbeddedPostgres.PasswordFileName, SigningKeys.FileName, AdminOptions.InitialPasswordFileName, Evently.Grains.Hosting.ClusterCertificates.FileName];

    [Fact]
    public async Task An_unprivileged_local_user_cannot_connect_to_the_embedded_database()
    {
        var port = new NpgsqlConnectionStringBuilder(await File.ReadAllTextAsync(Path.Combine(install.Folder, "connection.txt"))).Port;
        var (exit, output) = await LocalProcess.PsqlWithoutPasswordAsync(port, "evently_directory", "SELECT password_hash FROM users");

        Assert.NotEqual(0, exit);
        Assert.Contains("password", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AQAAAA", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_owners_password_file_the_connection_works()
    {
        var connection = (await File.ReadAllTextAsync(Path.Combine(install.Folder, "connection.txt"))).Trim();
        await using var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection) { Database = "evently_directory", Pooling = false }.ConnectionString);

        var admins = (long)(await data.CreateCommand("SELECT count(*) FROM users WHERE role = 'admin'").ExecuteScalarAsync())!;

        Assert.Equal(1, admins);
        Assert.Contains("scram-sha-256", await File.ReadAllTextAsync(Path.Combine(install.Folder, "postgres", "pg_hba.conf")), StringComparison.Ordinal);
        Assert.DoesNotContain(" trust", (await File.ReadAllLinesAsync(Path.Combine(install.Folder, "postgres", "pg_hba.conf"))).Where(l => !l.TrimStart().StartsWith('#')).Select(l => " " + l), StringComparer.Ordinal);
    }

    [Fact]
    public async Task Every_secret_file_is_readable_by_its_owner_only()
    {
        foreach (var name in SecretFiles)
        {
            var path = Path.Combine(install.Folder, name);
            Assert.True(File.Exists(path), $"{name} was not written");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            if (IsRoot)
            {
                var (exit, _) = await RunAsync("runuser", ["-u", "nobody", "--", "cat", path]);
                Assert.NotEqual(0, exit);
            }
        }
    }

    [Fact]
    public async Task The_first_start_generates_the_admin_password_and_the_documented_one_does_not_work()
    {
        var generated = (await File.ReadAllTextAsync(Path.Combine(install.Folder, AdminOptions.InitialPasswordFileName))).Trim();
        using var client = install.App.CreateClient();

        var documented = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminOptions.DefaultEmail, password = AdminOptions.DefaultPassword });
        var withGenerated = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminOptions.DefaultEmail, password = generated });

        Assert.NotEqual(AdminOptions.DefaultPassword, generated);
        Assert.True(generated.Length >= 20, "the generated password is short");
        await documented.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, withGenerated.StatusCode);
        Assert.Equal("admin", (await withGenerated.JsonAsync()).GetProperty("user").GetProperty("role").GetString());
    }

    private static bool IsRoot => LocalProcess.IsRoot;

    private static Task<(int Exit, string Output)> RunAsync(string file, string[] arguments) => LocalProcess.RunAsync(file, arguments);
}
