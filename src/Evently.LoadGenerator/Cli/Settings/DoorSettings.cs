using System.ComponentModel;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>door: --doors scanners check in --attendees bookings at once, each booking scanned --scans-per-booking times.</summary>
internal sealed class DoorSettings : GeneratorSettings
{
    [CommandOption("--attendees <M>")]
    [Description("Bookings of one seat made before the doors open, each to be checked in once (default 2000; --quick 200)")]
    [InRange(1, 1_000_000)]
    public int? AttendeesGiven { get; set; }

    [CommandOption("--doors <N>")]
    [Description("Doors: concurrent scanners (default 16; --quick 8)")]
    [InRange(1, 10_000)]
    public int? DoorsGiven { get; set; }

    [CommandOption("--scans-per-booking <S>")]
    [Description("Scans of each booking by different doors at about the same moment; one admits it, the others must get 409 already_checked_in")]
    [DefaultValue(3)]
    [InRange(2, 100)]
    public int ScansPerBooking { get; set; } = 3;

    public int Attendees => AttendeesGiven ?? (Quick ? 200 : 2_000);

    public int Doors => DoorsGiven ?? (Quick ? 8 : 16);
}
