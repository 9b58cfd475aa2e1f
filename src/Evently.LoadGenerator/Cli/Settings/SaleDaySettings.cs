using System.ComponentModel;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>sale-day: an event with a waiting room; users queue before the opening and book once admitted.</summary>
internal sealed class SaleDaySettings : GeneratorSettings
{
    [CommandOption("--admit-per-minute <N>")]
    [Description("The waiting room's admission rate (default U: everyone within about a minute; --quick 6 U)")]
    [InRange(1, 100_000)]
    public override int? AdmitPerMinuteGiven { get; set; }

    [CommandOption("--open-in <S>")]
    [Description("Seconds from the event's creation to the opening (default 10 + U/500; --quick 5)")]
    [InRange(1, 3_600)]
    public override double? OpenInGiven { get; set; }

    [CommandOption("--probe-share <F>")]
    [Description("Share of users who book without joining; each must get 403 admission_required")]
    [DefaultValue(0.01)]
    [InRange(0, 0.5)]
    public override double ProbeShare { get; set; } = 0.01;
}
