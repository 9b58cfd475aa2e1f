using System.ComponentModel;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>open: bookings arrive at a fixed rate whatever the answers do.</summary>
internal class OpenSettings : GeneratorSettings
{
    [CommandOption("--rate <R>")]
    [Description("Offered bookings per second (default 5000; --quick 500)")]
    [InRange(0.1, 1_000_000)]
    public override double? RateGiven { get; set; }

    [CommandOption("--warmup <S>")]
    [Description("Unmeasured lead-in at the same rate, seconds (default 3; --quick 1)")]
    [InRange(0, 3_600)]
    public override double? WarmupGiven { get; set; }

    [CommandOption("--login-flood <K>")]
    [Description("K workers sign in with made-up emails (each from its own X-Forwarded-For address) from the warm-up to the end; their answers are counted")]
    [DefaultValue(0)]
    [InRange(0, 10_000)]
    public int LoginFlood { get; set; }
}
