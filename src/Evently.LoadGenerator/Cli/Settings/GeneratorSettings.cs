using System.ComponentModel;
using Evently.LoadGenerator.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>
/// What every scenario takes: the target, the database check, the output, and the load shape most scenarios share.
/// Options whose default follows <c>--quick</c> (or whose presence matters) are nullable, resolved by the plain-named
/// property beside them. Scenario knobs that <c>compare</c> shares with another scenario are declared here without an
/// option and given one by the commands that take them (see <see cref="GeneratorSettings.Knobs"/>).
/// </summary>
internal abstract partial class GeneratorSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("API base URL")]
    [DefaultValue("http://127.0.0.1:5080")]
    public string UrlText { get; set; } = "http://127.0.0.1:5080";

    [CommandOption("--start")]
    [Description("Start the system (dotnet run -c Release --project src/Evently.Api --urls URL), wait for /health/ready, stop it at the end; the database check reads .data/postgres/connection.txt")]
    public bool Start { get; set; }

    [CommandOption("--start-timeout <S>")]
    [Description("Readiness timeout of --start, seconds")]
    [DefaultValue(180d)]
    [InRange(1, 3_600)]
    public double StartTimeoutSeconds { get; set; } = 180;

    [CommandOption("--server-pid <PID>")]
    [Description("Report this process's peak memory (VmHWM) and CPU")]
    [InRange(1, int.MaxValue)]
    public int? ServerPid { get; set; }

    [CommandOption("--admin-email <E>")]
    [Description("Admin account")]
    [DefaultValue("admin@evently.local")]
    public string AdminEmail { get; set; } = "admin@evently.local";

    [CommandOption("--admin-password <P>")]
    [Description("Admin password (default: .data/admin-initial-password if a first start generated it, else Evently-Admin-2026!)")]
    public string? AdminPasswordGiven { get; set; }

    [CommandOption("--user-prefix <P>")]
    [Description("Load users P-000001@loadgen.evently.local… (registered if missing)")]
    [DefaultValue("loadgen")]
    public string UserPrefix { get; set; } = "loadgen";

    [CommandOption("--user-password <P>")]
    [Description("Load users' password")]
    [DefaultValue("Loadgen-Pass-2026!")]
    public string UserPassword { get; set; } = "Loadgen-Pass-2026!";

    [CommandOption("--setup-parallelism <N>")]
    [Description("Parallel register/login/create calls before the clock starts")]
    [DefaultValue(16)]
    [InRange(1, 1_000)]
    public int SetupParallelism { get; set; } = 16;

    [CommandOption("--request-timeout <S>")]
    [Description("HTTP request timeout, seconds")]
    [DefaultValue(60d)]
    [InRange(0.1, 3_600)]
    public double RequestTimeoutSeconds { get; set; } = 60;

    [CommandOption("--db <CS>")]
    [Description("Npgsql connection string for the database check; every database matching --shard-pattern on that server is searched for the event")]
    public string? DbGiven { get; set; }

    [CommandOption("--shard-pattern <LIKE>")]
    [Description("LIKE pattern of the shard databases the check searches")]
    [DefaultValue("evently_shard_%")]
    public string ShardPattern { get; set; } = "evently_shard_%";

    [CommandOption("--out <DIR>")]
    [Description("Where the result JSON and PNG chart go")]
    [DefaultValue("loadgen-results")]
    public string OutDirectory { get; set; } = "loadgen-results";

    [CommandOption("--quiet")]
    [Description("Plain lines instead of live progress (also when CI is set or stdout is redirected)")]
    public bool Quiet { get; set; }

    [CommandOption("--no-chart")]
    [Description("Skip the PNG chart")]
    public bool NoChart { get; set; }

    [CommandOption("--allow-errors")]
    [Description("Errors alone do not fail the run (the database check still does)")]
    public bool AllowErrors { get; set; }

    [CommandOption("--keep-events")]
    [Description("Leave the events the run created on sale (by default they are cancelled when the run ends, so browse is left as it was)")]
    public bool KeepEvents { get; set; }

    [CommandOption("--quick")]
    [Description("Small defaults for a smoke run (2000 seats, 50 clients, 50 users, 5 s, 500/s, …)")]
    public bool Quick { get; set; }

    [CommandOption("--dry-run")]
    [Description("Check the command line and print the settings it resolves to; run nothing")]
    public bool DryRun { get; set; }

    [CommandOption("--clients <K>")]
    [Description("Concurrent clients (closed model), connections (open model), workers (baseline) (default 1000; --quick 50)")]
    [InRange(1, 100_000)]
    public int? ClientsGiven { get; set; }

    [CommandOption("--users <U>")]
    [Description("Distinct user accounts; client i books as user i mod U (default 2000; --quick 50)")]
    [InRange(1, 1_000_000)]
    public int? UsersGiven { get; set; }

    [CommandOption("--max-quantity <Q>")]
    [Description("Each booking asks for 1..Q seats")]
    [DefaultValue(2)]
    [InRange(1, 10)]
    public int MaxQuantity { get; set; } = 2;

    [CommandOption("--seats <N>")]
    [Description("Seats of the event (default 100000; --quick 2000)")]
    [InRange(1, 1_000_000)]
    public int? SeatsGiven { get; set; }

    [CommandOption("--timeout <S>")]
    [Description("A closed run stops after S seconds if not sold out")]
    [DefaultValue(600d)]
    [InRange(1, 86_400)]
    public double TimeoutSeconds { get; set; } = 600;

    [CommandOption("--duration <S>")]
    [Description("Measured seconds of timed runs (open, mixed) (default 30; --quick 5)")]
    [InRange(0.1, 86_400)]
    public double? DurationGiven { get; set; }

    public Uri Url => Uri.TryCreate(UrlText, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        ? uri
        : throw new UsageException($"--url: expected an http(s) URL, got '{UrlText}'");

    /// <summary>As given, else the one a first start generated into the repository's .data, else the Development default.</summary>
    public string AdminPassword => AdminPasswordGiven
        ?? (RepoRoot.Find() is { } root ? RepoRoot.ReadInitialAdminPassword(root) : null)
        ?? "Evently-Admin-2026!";

    public string? Db => DbGiven is { Length: > 0 } db ? db : null;

    /// <summary>Plain lines instead of Spectre live output: --quiet, CI, or stdout redirected.</summary>
    public bool Plain => Quiet || System.Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public TimeSpan StartTimeout => TimeSpan.FromSeconds(StartTimeoutSeconds);

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public int Clients => ClientsGiven ?? (Quick ? 50 : 1_000);

    public int Users => UsersGiven ?? (Quick ? 50 : 2_000);

    public int Seats => SeatsGiven ?? (Quick ? 2_000 : 100_000);

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationGiven ?? (Quick ? 5 : 30));

    /// <summary>Resolves every value once, so that a bad one is a usage error before anything runs.</summary>
    public override ValidationResult Validate()
    {
        try
        {
            _ = (Url, Mix, BaselinePools);
            ValidateScenario();
            return ValidationResult.Success();
        }
        catch (UsageException ex)
        {
            return ValidationResult.Error(ex.Message);
        }
    }

    /// <summary>Resolves the options of one scenario (throws <see cref="UsageException"/>).</summary>
    protected virtual void ValidateScenario()
    {
    }
}

/// <summary>A bad command line (exit code 1).</summary>
internal sealed class UsageException(string message) : Exception(message);
