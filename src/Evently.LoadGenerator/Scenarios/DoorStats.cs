namespace Evently.LoadGenerator.Scenarios;

/// <summary>The door run's counts and its exactly-once check (a report's <c>door</c> section).</summary>
public sealed class DoorStats
{
    /// <summary>Concurrent scanners.</summary>
    public int Doors { get; init; }

    /// <summary>Bookings to check in.</summary>
    public int Bookings { get; init; }

    /// <summary>Scans planned per booking.</summary>
    public int ScansPerBooking { get; init; }

    /// <summary>Scans answered 201 (the booking admitted).</summary>
    public long CheckedIn { get; set; }

    /// <summary>Scans answered 409 already_checked_in (duplicates).</summary>
    public long AlreadyCheckedIn { get; set; }

    /// <summary>Scans per second over the measured run (every request, duplicates included).</summary>
    public double ScansPerSecond { get; set; }

    /// <summary>Bookings admitted by exactly one scan (or, after an unknown outcome, by none the door saw but stored checked in).</summary>
    public int CheckedInOnce { get; set; }

    /// <summary>Bookings two or more scans were told 201 for: admitted twice.</summary>
    public int CheckedInTwice { get; set; }

    /// <summary>Bookings no scan admitted and the rescan does not find checked in.</summary>
    public int NeverCheckedIn { get; set; }

    /// <summary>Bookings a scan got an answer for that is neither 201 nor 409 already_checked_in (nor an unknown outcome).</summary>
    public int WithUnexpectedAnswers { get; set; }

    /// <summary>Bookings whose rescan after the run was not 409 already_checked_in with the admitting scan's checkedInAt.</summary>
    public int RescanMismatches { get; set; }

    /// <summary>Booked references the organizer's attendee list (CSV) does not list exactly once.</summary>
    public int MissingFromAttendees { get; set; }

    /// <summary>Attendees listed that the run did not book.</summary>
    public int UnexpectedAttendees { get; set; }

    /// <summary>Every booking checked in exactly once, as the answers, the rescan and the attendee list all tell.</summary>
    public bool Passed { get; set; }

    /// <summary>Why not passed (a few examples of each kind).</summary>
    public List<string> Problems { get; init; } = [];
}
