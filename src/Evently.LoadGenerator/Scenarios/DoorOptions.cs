using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>The door: <see cref="Doors"/> scanners check in <see cref="Attendees"/> bookings at once, each scanned more than once.</summary>
public sealed class DoorOptions
{
    /// <summary>API, accounts, database for the check.</summary>
    public EventlyTarget Target { get; set; } = new();

    /// <summary>Bookings (of one seat each) made before the doors open, each to be checked in once.</summary>
    public int Attendees { get; set; } = 2_000;

    /// <summary>Doors: concurrent scanners, each a closed-model client.</summary>
    public int Doors { get; set; } = 16;

    /// <summary>
    /// Scans of each booking (at least 2): a real door scans a ticket twice when it beeps late, or a guest tries two
    /// doors. The scans of one booking are taken up one after another by different doors, so they race each other.
    /// </summary>
    public int ScansPerBooking { get; set; } = 3;

    /// <summary>Distinct users who made the bookings (booking i by user i mod Users).</summary>
    public int Users { get; set; } = 200;

    /// <summary>Seed of the order in which the bookings come to the doors.</summary>
    public int Seed { get; set; } = 17;

    /// <summary>A run that has not scanned everything after this long stops (and its check fails).</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    internal IRunObserver? Observer { get; set; }

    internal UserSession? Session { get; set; }
}
