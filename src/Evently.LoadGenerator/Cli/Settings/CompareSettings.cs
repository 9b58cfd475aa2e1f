using System.ComponentModel;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>
/// compare: the baseline, then flash-sale, open, mixed, browse-only and sale-day on one system. Takes the mixed options
/// by inheritance and declares the open, baseline and sale-day ones it shares (as those scenarios do) beside its own.
/// </summary>
internal sealed class CompareSettings : MixedSettings
{
    [CommandOption("--rate <R>")]
    [Description("Offered bookings per second of the open run (default 5000; --quick 500)")]
    [InRange(0.1, 1_000_000)]
    public override double? RateGiven { get; set; }

    [CommandOption("--warmup <S>")]
    [Description("Unmeasured lead-in of the open run, seconds (default 3; --quick 1)")]
    [InRange(0, 3_600)]
    public override double? WarmupGiven { get; set; }

    [CommandOption("--baseline-db <CS>")]
    [Description("Where the baseline runs (default: --db); a database of its own is created when CS names none or postgres")]
    public override string? BaselineDb { get; set; }

    [CommandOption("--max-connections <N>")]
    [Description("Baseline connections: min(clients, N)")]
    [DefaultValue(200)]
    [InRange(1, 10_000)]
    public override int MaxConnections { get; set; } = 200;

    [CommandOption("--baseline-pools <N,N,…>")]
    [Description("Pool sizes each baseline form runs on; the best variant is the denominator (default 4,16,64,200; --quick 4,16)")]
    public override string? BaselinePoolsText { get; set; }

    [CommandOption("--baseline-seats <N>")]
    [Description("Seats per baseline variant (default min(seats, 10000))")]
    [InRange(1, 1_000_000)]
    public override int? BaselineSeatsGiven { get; set; }

    [CommandOption("--mixed-clients <K>")]
    [Description("Clients of the mixed and browse runs (default 200; --quick 20)")]
    [InRange(1, 100_000)]
    public override int? MixedClientsGiven { get; set; }

    [CommandOption("--browse-events <N>")]
    [Description("Upcoming events the browse-only run creates first (default 100000; --quick 200)")]
    [InRange(1, 1_000_000)]
    public override int? BrowseEventsGiven { get; set; }

    [CommandOption("--admit-per-minute <N>")]
    [Description("The sale day's admission rate (default 3 × the users)")]
    [InRange(1, 100_000)]
    public override int? AdmitPerMinuteGiven { get; set; }

    [CommandOption("--open-in <S>")]
    [Description("The sale day's seconds to the opening (default 10 + U/500; --quick 5)")]
    [InRange(1, 3_600)]
    public override double? OpenInGiven { get; set; }

    [CommandOption("--probe-share <F>")]
    [Description("The sale day's share of users who book without joining")]
    [DefaultValue(0.01)]
    [InRange(0, 0.5)]
    public override double ProbeShare { get; set; } = 0.01;
}
