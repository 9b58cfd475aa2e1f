using System.Diagnostics;
using System.Globalization;

namespace Evently.LoadGenerator.Hosting;

/// <summary>
/// CPU time spent by the three parties of a run — this client, the server process and the PostgreSQL server behind it —
/// read from <c>/proc</c>. CPU per request is a steadier figure than requests per second on a machine shared with other
/// work: it says what a request costs each party, not how much of the machine the run happened to get.
/// </summary>
public sealed class CpuProbe
{
    private const double TicksPerSecond = 100.0; // USER_HZ: 100 on every Linux the project runs on

    /// <summary>Probes this process, <paramref name="serverPid"/> (if known) and the PostgreSQL listening on <paramref name="databasePort"/> (if found).</summary>
    public CpuProbe(int? serverPid, int? databasePort)
    {
        ServerPid = serverPid;
        DatabasePid = databasePort is { } port ? FindPostmaster(port) : null;
    }

    /// <summary>The server process, when known.</summary>
    public int? ServerPid { get; }

    /// <summary>The postmaster of the database, when found on this machine.</summary>
    public int? DatabasePid { get; }

    /// <summary>CPU seconds used so far by the client, the server and the database (null where unknown).</summary>
    public CpuSample Sample() => new(
        Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        ServerPid is { } server ? ProcessSeconds(server, withReapedChildren: false) : null,
        DatabasePid is { } postmaster ? DatabaseSeconds(postmaster) : null);

    /// <summary>The port of a PostgreSQL connection string on this machine (loopback or localhost), else null.</summary>
    public static int? LocalPort(string? connectionString)
    {
        if (connectionString is not { Length: > 0 })
        {
            return null;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return builder.Host is "127.0.0.1" or "localhost" or "::1" ? builder.Port : null;
    }

    /// <summary>
    /// The database's CPU: the postmaster itself, the backends it has reaped (their time is in its children's fields),
    /// and the backends still running.
    /// </summary>
    private static double? DatabaseSeconds(int postmaster)
    {
        if (ProcessSeconds(postmaster, withReapedChildren: true) is not { } total)
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat && stat.ParentPid == postmaster)
            {
                total += (stat.User + stat.System) / TicksPerSecond;
            }
        }

        return total;
    }

    private static double? ProcessSeconds(int pid, bool withReapedChildren) => ReadStat(pid) is { } stat
        ? (stat.User + stat.System + (withReapedChildren ? stat.ChildrenUser + stat.ChildrenSystem : 0)) / TicksPerSecond
        : null;

    private static int? FindPostmaster(int port)
    {
        var portArgument = port.ToString(CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // The postmaster is the postgres process started with "-p PORT" (or "--port=PORT"); its backends have it as parent.
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (args.Length == 0 || !args[0].EndsWith("postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                for (var i = 0; i < args.Length; i++)
                {
                    if ((args[i] == "-p" && i + 1 < args.Length && args[i + 1] == portArgument) || args[i] == "--port=" + portArgument)
                    {
                        return pid;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    private static ProcStat? ReadStat(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
            // state ppid … utime(14) stime(15) cutime(16) cstime(17), numbered from 1 as in proc(5).
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcStat(
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture),
                long.Parse(fields[12], CultureInfo.InvariantCulture),
                long.Parse(fields[13], CultureInfo.InvariantCulture),
                long.Parse(fields[14], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private readonly record struct ProcStat(int ParentPid, long User, long System, long ChildrenUser, long ChildrenSystem);
}

/// <summary>CPU seconds used so far by each party (null where unknown).</summary>
public readonly record struct CpuSample(double ClientSeconds, double? ServerSeconds, double? DatabaseSeconds);
