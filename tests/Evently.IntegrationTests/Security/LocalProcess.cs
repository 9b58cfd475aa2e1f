using System.Diagnostics;

namespace Evently.IntegrationTests.Security;

/// <summary>Runs a local program (psql, runuser, cat) the way an unprivileged local user would, never with a stored password.</summary>
public static class LocalProcess
{
    /// <summary>True when the tests run as root (CI), so they can act as other OS users.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The PostgreSQL client of the newest installed server version.</summary>
    public static string Psql =>
        Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "psql")).OrderDescending(StringComparer.Ordinal).First(File.Exists);

    /// <summary>Runs <paramref name="file"/>; its exit code and everything it wrote.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PGPASSWORD");
        start.Environment["PGPASSFILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>psql against 127.0.0.1:<paramref name="port"/> as database user evently, without a password, as <c>nobody</c> when root.</summary>
    public static Task<(int Exit, string Output)> PsqlWithoutPasswordAsync(int port, string database, string sql)
    {
        string[] query = [Psql, "-w", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "evently", "-d", database, "-c", sql];
        // As root (CI), the attacker of docs/security.md exactly: `runuser -u nobody -- psql …`. Otherwise this user, without the password.
        return IsRoot ? RunAsync("runuser", ["-u", "nobody", "--", .. query]) : RunAsync(query[0], query[1..]);
    }
}
