using Evently.LoadGenerator.Hosting;
using System.Globalization;

namespace Evently.LoadGenerator.Cli;

/// <summary>The parsed command line (hand-parsed: <c>&lt;scenario&gt; [--name value | --flag]…</c>).</summary>
internal sealed class CliOptions
{
    public static readonly string[] Scenarios = ["flash-sale", "open", "mixed", "baseline", "compare", "sweep", "unknown-ids", "sale-day"];

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "quick", "quiet", "start", "allow-errors", "help", "no-chart", "checkout", "seated" };

    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal)
    {
        "url", "seats", "clients", "users", "duration", "rate", "rates", "warmup", "out", "db", "baseline-db", "shard-pattern",
        "admin-email", "admin-password", "user-prefix", "user-password", "events", "event-seats", "hot-share", "hot-seats", "mix",
        "max-connections", "max-quantity", "server-pid", "start-timeout", "timeout", "request-timeout", "sweep-p99", "setup-parallelism", "login-flood",
        "baseline-form", "baseline-pools", "baseline-seats", "organizers", "mixed-clients", "browse-events",
        "admit-per-minute", "open-in", "probe-share", "think-ms", "abandon-share", "hold-minutes", "specific-share",
    };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public string Scenario { get; private set; } = "";

    public bool Help => _flags.Contains("help");

    public bool Quick => _flags.Contains("quick");

    /// <summary>Plain lines instead of Spectre live output: --quiet, CI, or stdout redirected.</summary>
    public bool Plain => _flags.Contains("quiet") || System.Console.IsOutputRedirected
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public bool Start => _flags.Contains("start");

    public bool AllowErrors => _flags.Contains("allow-errors");

    public bool NoChart => _flags.Contains("no-chart");

    public Uri Url => ParseUrl(String("url", "http://127.0.0.1:5080"));

    public int Seats => Int("seats", Quick ? 2_000 : 100_000, 1, 1_000_000);

    public int Clients => Int("clients", Quick ? 50 : 1_000, 1, 100_000);

    public int Users => Int("users", Quick ? 50 : 2_000, 1, 1_000_000);

    public int Requests => Int("requests", Quick ? 2_000 : 100_000, 1, 100_000_000);

    public TimeSpan Duration => TimeSpan.FromSeconds(Double("duration", Quick ? 5 : 30, 0.1, 86_400));

    public double Rate => Double("rate", Quick ? 500 : 5_000, 0.1, 1_000_000);

    public TimeSpan WarmUp => TimeSpan.FromSeconds(Double("warmup", Quick ? 1 : 3, 0, 3_600));

    public string OutDirectory => String("out", "loadgen-results");

    public string? Db => Optional("db");

    public string? BaselineDb => Optional("baseline-db");

    public string ShardPattern => String("shard-pattern", "evently_shard_%");

    public string AdminEmail => String("admin-email", "admin@evently.local");

    /// <summary>The admin's password: as given, else the one a first start generated into the repository's .data, else the Development default.</summary>
    public string AdminPassword => Optional("admin-password")
        ?? (RepoRoot.Find() is { } root ? RepoRoot.ReadInitialAdminPassword(root) : null)
        ?? "Evently-Admin-2026!";

    public string UserPrefix => String("user-prefix", "loadgen");

    public string UserPassword => String("user-password", "Loadgen-Pass-2026!");

    /// <summary>Workers signing in with made-up emails during the open model's measured run (0: none).</summary>
    public int LoginFlood => Int("login-flood", 0, 0, 10_000);

    public int SetupParallelism => Int("setup-parallelism", 16, 1, 1_000);

    public int Events => Int("events", Quick ? 20 : 1_000, 1, 1_000_000);

    public int EventSeats => Int("event-seats", Quick ? 50 : 200, 1, 1_000_000);

    public double HotShare => Double("hot-share", 0.1, 0, 1);

    public int HotSeats => Int("hot-seats", 10, 1, 1_000_000);

    public int MaxConnections => Int("max-connections", 200, 1, 10_000);

    public int MaxQuantity => Int("max-quantity", 2, 1, 10);

    /// <summary>The baseline scenario's form: <c>three-statements</c> (default) or <c>one-statement</c>.</summary>
    public Evently.LoadGenerator.Scenarios.BaselineForm BaselineForm => String("baseline-form", "three-statements") switch
    {
        "three-statements" => Evently.LoadGenerator.Scenarios.BaselineForm.ThreeStatements,
        "one-statement" => Evently.LoadGenerator.Scenarios.BaselineForm.OneStatement,
        var other => throw new UsageException($"--baseline-form: expected one-statement or three-statements, got '{other}'"),
    };

    /// <summary>Pool sizes compare runs each baseline form on.</summary>
    public int[] BaselinePools
    {
        get
        {
            var text = String("baseline-pools", Quick ? "4,16" : "4,16,64,200");
            var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var pools = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out pools[i]) || pools[i] is < 1 or > 10_000)
                {
                    throw new UsageException($"--baseline-pools: expected integers 1..10000 separated by commas, got '{text}'");
                }
            }

            return pools.Length > 0 ? pools : throw new UsageException("--baseline-pools: at least one pool size");
        }
    }

    /// <summary>Seats of each baseline variant in compare (a rate on one hot row hardly depends on the count).</summary>
    public int BaselineSeats => Int("baseline-seats", Math.Min(Seats, 10_000), 1, 1_000_000);

    /// <summary>Organizers (admin accounts) that many-event scenarios create their events under.</summary>
    public int Organizers => Int("organizers", 16, 1, 100);

    /// <summary>Clients of compare's mixed and browse runs.</summary>
    public int MixedClients => Int("mixed-clients", Quick ? 20 : 200, 1, 100_000);

    /// <summary>Upcoming events the browse-only run of compare has in place before its clock starts.</summary>
    public int BrowseEvents => Int("browse-events", Quick ? 200 : 100_000, 1, 1_000_000);

    /// <summary>flash-sale --checkout: hold, think, then confirm or abandon.</summary>
    public bool Checkout => _flags.Contains("checkout");

    /// <summary>Checkout think time (ms) between hold and confirm.</summary>
    public double ThinkMs => Double("think-ms", 200, 0, 3_600_000);

    /// <summary>Share of checkouts abandoned (released) instead of confirmed.</summary>
    public double AbandonShare => Double("abandon-share", 0.2, 0, 1);

    /// <summary>flash-sale --seated: a seating plan, best-available runs of 1-4 and specific seats from the live map.</summary>
    public bool Seated => _flags.Contains("seated");

    /// <summary>flash-sale --seated: share of requests for specific seats picked from the live map.</summary>
    public double SpecificShare => Double("specific-share", 0.2, 0, 1);

    /// <summary>flash-sale --seated: the plan's seats (--seats, else 50,000; 2,000 with --quick).</summary>
    public int SeatedSeats => Has("seats") ? Math.Min(Seats, 100_000) : Quick ? 2_000 : 50_000;

    /// <summary>The checkout event's hold length in minutes.</summary>
    public int HoldMinutes => Int("hold-minutes", 10, 1, 60);

    /// <summary>sale-day: users (U) who queue (and probe); 20,000 by default, 200 with --quick.</summary>
    public int SaleDayUsers => Has("users") ? Users : (Quick ? 200 : 20_000);

    /// <summary>sale-day: seats (default one per user).</summary>
    public int SaleDaySeats => Has("seats") ? Seats : SaleDayUsers;

    /// <summary>sale-day: the waiting room's admission rate (default: everyone within about a minute; 10 s with --quick).</summary>
    public int AdmitPerMinute => Int("admit-per-minute", Math.Clamp(Quick ? SaleDayUsers * 6 : SaleDayUsers, 1, 100_000), 1, 100_000);

    /// <summary>sale-day: seconds from the event's creation to the opening (the pre-queue's time to fill).</summary>
    public TimeSpan OpenIn => TimeSpan.FromSeconds(Double("open-in", Quick ? 5 : 10 + (SaleDayUsers / 500.0), 1, 3_600));

    /// <summary>sale-day: share of users who never join and book anyway.</summary>
    public double ProbeShare => Double("probe-share", 0.01, 0, 0.5);

    public int? ServerPid => _values.ContainsKey("server-pid") ? Int("server-pid", 0, 1, int.MaxValue) : null;

    public TimeSpan StartTimeout => TimeSpan.FromSeconds(Double("start-timeout", 180, 1, 3_600));

    public TimeSpan Timeout => TimeSpan.FromSeconds(Double("timeout", 600, 1, 86_400));

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(Double("request-timeout", 60, 0.1, 3_600));

    public double SweepP99Ms => Double("sweep-p99", 100, 0.1, 1_000_000);

    /// <summary>Mix weights browse, book, cancel, waitlist.</summary>
    public (int Browse, int Book, int Cancel, int Waitlist) Mix
    {
        get
        {
            var weights = new Dictionary<string, int>(StringComparer.Ordinal) { ["browse"] = 60, ["book"] = 25, ["cancel"] = 10, ["waitlist"] = 5 };
            if (Optional("mix") is { } text)
            {
                foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (pair.Length != 2 || !weights.ContainsKey(pair[0]) || !int.TryParse(pair[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) || w < 0)
                    {
                        throw new UsageException($"--mix: expected browse=N,book=N,cancel=N,waitlist=N, got '{part}'");
                    }

                    weights[pair[0]] = w;
                }
            }

            return (weights["browse"], weights["book"], weights["cancel"], weights["waitlist"]);
        }
    }

    /// <summary>Offered rates of the sweep.</summary>
    public double[] Rates
    {
        get
        {
            var text = String("rates", Quick ? "200,400,800" : "1000,2000,3000,4000,5000,6000,8000,10000,12000,15000,20000");
            try
            {
                return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
            }
            catch (FormatException)
            {
                throw new UsageException($"--rates: expected numbers separated by commas, got '{text}'");
            }
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "help")
            {
                options._flags.Add("help");
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (options.Scenario.Length > 0)
                {
                    throw new UsageException($"unexpected argument '{arg}'");
                }

                options.Scenario = arg;
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (Flags.Contains(name))
            {
                if (inline is not null)
                {
                    throw new UsageException($"--{name} takes no value");
                }

                options._flags.Add(name);
            }
            else if (Valued.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value"));
                options._values[name] = value;
            }
            else
            {
                throw new UsageException($"unknown option --{name}");
            }
        }

        if (!options.Help)
        {
            if (options.Scenario.Length == 0)
            {
                throw new UsageException("no scenario given");
            }

            if (!Scenarios.Contains(options.Scenario, StringComparer.Ordinal))
            {
                throw new UsageException($"unknown scenario '{options.Scenario}' (one of {string.Join(", ", Scenarios)})");
            }

            options.ValidateAll();
        }

        return options;
    }

    // Reads every option once so that a bad value is a usage error before anything runs.
    private void ValidateAll()
    {
        _ = (Url, Seats, Clients, Users, Duration, Rate, WarmUp, Events, EventSeats, HotShare, HotSeats, MaxConnections, MaxQuantity,
            ServerPid, StartTimeout, Timeout, RequestTimeout, SweepP99Ms, Mix, Rates, SetupParallelism);
        _ = (BaselineForm, BaselinePools, BaselineSeats, Organizers, MixedClients, BrowseEvents);
        _ = (SaleDayUsers, SaleDaySeats, AdmitPerMinute, OpenIn, ProbeShare, ThinkMs, AbandonShare, HoldMinutes, SpecificShare);
    }

    private string String(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    private string? Optional(string name) => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    private int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name}: expected an integer {min}..{max}, got '{text}'");
        }

        return value;
    }

    private double Double(string name, double fallback, double min, double max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name}: expected a number {min}..{max}, got '{text}'");
        }

        return value;
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--url: expected an http(s) URL, got '{text}'");
}

/// <summary>A bad command line (exit code 1, usage printed).</summary>
internal sealed class UsageException(string message) : Exception(message);
