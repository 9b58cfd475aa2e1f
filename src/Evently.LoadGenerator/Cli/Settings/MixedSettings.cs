using System.ComponentModel;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>mixed: many events; clients browse, book, cancel and join waitlists for a fixed time.</summary>
internal class MixedSettings : GeneratorSettings
{
    [CommandOption("--events <N>")]
    [Description("Events created before the clock starts, round-robin over --organizers organizers (default 1000; --quick 20)")]
    [InRange(1, 1_000_000)]
    public override int? EventsGiven { get; set; }

    [CommandOption("--event-seats <N>")]
    [Description("Seats of an ordinary event (default 200; --quick 50)")]
    [InRange(1, 1_000_000)]
    public override int? EventSeatsGiven { get; set; }

    [CommandOption("--hot-share <F>")]
    [Description("Share of small hot events that sell out (waitlists and promotions happen there)")]
    [DefaultValue(0.1)]
    [InRange(0, 1)]
    public override double HotShare { get; set; } = 0.1;

    [CommandOption("--hot-seats <N>")]
    [Description("Seats of a hot event")]
    [DefaultValue(10)]
    [InRange(1, 1_000_000)]
    public override int HotSeats { get; set; } = 10;

    [CommandOption("--organizers <N>")]
    [Description("Organizers the events spread over (the admin and N-1 accounts granted the organizer role); an event's shard follows its organizer")]
    [DefaultValue(16)]
    [InRange(1, 100)]
    public override int Organizers { get; set; } = 16;

    [CommandOption("--mix <WEIGHTS>")]
    [Description("Relative weights of the operations (default browse=60,book=25,cancel=10,waitlist=5)")]
    public override string? MixText { get; set; }
}
