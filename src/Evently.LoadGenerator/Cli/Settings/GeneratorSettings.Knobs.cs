using System.Globalization;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>
/// Scenario knobs that more than one command takes (<c>compare</c> takes them all). Each is declared here as a virtual
/// value without an option, so every run can resolve it (the result file's <c>settings</c> lists them all); the
/// commands that take it override it with its <c>[CommandOption]</c>.
/// </summary>
internal abstract partial class GeneratorSettings
{
    public virtual double? RateGiven { get; set; }

    public virtual double? WarmupGiven { get; set; }

    public virtual int? EventsGiven { get; set; }

    public virtual int? EventSeatsGiven { get; set; }

    public virtual double HotShare { get; set; } = 0.1;

    public virtual int HotSeats { get; set; } = 10;

    public virtual int Organizers { get; set; } = 16;

    public virtual string? MixText { get; set; }

    public virtual string? BaselineDb { get; set; }

    public virtual int MaxConnections { get; set; } = 200;

    public virtual string? BaselinePoolsText { get; set; }

    public virtual int? BaselineSeatsGiven { get; set; }

    public virtual int? MixedClientsGiven { get; set; }

    public virtual int? BrowseEventsGiven { get; set; }

    public virtual int? AdmitPerMinuteGiven { get; set; }

    public virtual double? OpenInGiven { get; set; }

    public virtual double ProbeShare { get; set; } = 0.01;

    public double Rate => RateGiven ?? (Quick ? 500 : 5_000);

    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmupGiven ?? (Quick ? 1 : 3));

    public int Events => EventsGiven ?? (Quick ? 20 : 1_000);

    public int EventSeats => EventSeatsGiven ?? (Quick ? 50 : 200);

    /// <summary>Pool sizes compare runs each baseline form on.</summary>
    public int[] BaselinePools
    {
        get
        {
            var text = BaselinePoolsText ?? (Quick ? "4,16" : "4,16,64,200");
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
    public int BaselineSeats => BaselineSeatsGiven ?? Math.Min(Seats, 10_000);

    /// <summary>Clients of compare's mixed and browse runs.</summary>
    public int MixedClients => MixedClientsGiven ?? (Quick ? 20 : 200);

    /// <summary>Upcoming events the browse-only run of compare has in place before its clock starts.</summary>
    public int BrowseEvents => BrowseEventsGiven ?? (Quick ? 200 : 100_000);

    /// <summary>sale-day: users (U) who queue (and probe); 20,000 by default, 200 with --quick.</summary>
    public int SaleDayUsers => UsersGiven ?? (Quick ? 200 : 20_000);

    /// <summary>sale-day: seats (default one per user).</summary>
    public int SaleDaySeats => SeatsGiven ?? SaleDayUsers;

    /// <summary>sale-day: the waiting room's admission rate (default: everyone within about a minute; 10 s with --quick).</summary>
    public int AdmitPerMinute => AdmitPerMinuteGiven ?? Math.Clamp(Quick ? SaleDayUsers * 6 : SaleDayUsers, 1, 100_000);

    /// <summary>sale-day: seconds from the event's creation to the opening (the pre-queue's time to fill).</summary>
    public TimeSpan OpenIn => TimeSpan.FromSeconds(OpenInGiven ?? (Quick ? 5 : 10 + (SaleDayUsers / 500.0)));

    /// <summary>Mix weights browse, book, cancel, waitlist.</summary>
    public (int Browse, int Book, int Cancel, int Waitlist) Mix
    {
        get
        {
            var weights = new Dictionary<string, int>(StringComparer.Ordinal) { ["browse"] = 60, ["book"] = 25, ["cancel"] = 10, ["waitlist"] = 5 };
            foreach (var part in (MixText ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
                if (pair.Length != 2 || !weights.ContainsKey(pair[0]) || !int.TryParse(pair[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) || w < 0)
                {
                    throw new UsageException($"--mix: expected browse=N,book=N,cancel=N,waitlist=N, got '{part}'");
                }

                weights[pair[0]] = w;
            }

            return (weights["browse"], weights["book"], weights["cancel"], weights["waitlist"]);
        }
    }

    /// <summary>The <c>settings</c> object of every result file.</summary>
    public object Document() => new
    {
        url = Url.ToString(),
        seats = Seats,
        clients = Clients,
        users = Users,
        durationSeconds = Duration.TotalSeconds,
        rate = Rate,
        warmupSeconds = WarmUp.TotalSeconds,
        maxQuantity = MaxQuantity,
        baselineMaxConnections = MaxConnections,
        baselinePools = BaselinePools,
        baselineSeats = BaselineSeats,
        events = Events,
        browseEvents = BrowseEvents,
        organizers = Organizers,
        mixedClients = MixedClients,
        quick = Quick,
        started = Start,
    };
}
