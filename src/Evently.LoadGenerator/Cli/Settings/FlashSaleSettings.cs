using System.ComponentModel;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>flash-sale: one event sold out by a closed model of clients; --checkout and --seated change how they buy.</summary>
internal sealed class FlashSaleSettings : GeneratorSettings
{
    [CommandOption("--checkout")]
    [Description("Each client holds seats, thinks --think-ms, then confirms the hold or, for --abandon-share of them, releases it")]
    public bool Checkout { get; set; }

    [CommandOption("--think-ms <MS>")]
    [Description("--checkout: think time between hold and confirm, milliseconds")]
    [DefaultValue(200d)]
    [InRange(0, 3_600_000)]
    public double ThinkMs { get; set; } = 200;

    [CommandOption("--abandon-share <F>")]
    [Description("--checkout: share of holds released instead of confirmed")]
    [DefaultValue(0.2)]
    [InRange(0, 1)]
    public double AbandonShare { get; set; } = 0.2;

    [CommandOption("--hold-minutes <M>")]
    [Description("--checkout: the event's hold length, minutes")]
    [DefaultValue(10)]
    [InRange(1, 60)]
    public int HoldMinutes { get; set; } = 10;

    [CommandOption("--seated")]
    [Description("A seating plan of --seats seats (default 50000; --quick 2000; at most 100000); clients book best-available runs of 1..4 together, --specific-share of them named seats picked from the live seat map")]
    public bool Seated { get; set; }

    [CommandOption("--specific-share <F>")]
    [Description("--seated: share of requests for specific seats")]
    [DefaultValue(0.2)]
    [InRange(0, 1)]
    public double SpecificShare { get; set; } = 0.2;

    /// <summary>--seated: the plan's seats (--seats, else 50,000; 2,000 with --quick).</summary>
    public int SeatedSeats => SeatsGiven is { } given ? Math.Min(given, 100_000) : Quick ? 2_000 : 50_000;
}
