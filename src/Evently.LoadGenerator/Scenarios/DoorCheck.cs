using System.Globalization;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The door run's final check: every booking checked in exactly once. Exactly one scan of each booking was told 201
/// and every other one 409 already_checked_in; one more scan after the run is told 409 already_checked_in with the
/// same <c>checkedInAt</c> (the check-in that was stored is the one the door admitted); and the organizer's attendee
/// list shows each booking once, still confirmed.
/// </summary>
internal static class DoorCheck
{
    private const int Examples = 3;

    /// <summary>Judges <paramref name="bookings"/> (their counts and rescans) against the attendee list's references.</summary>
    public static void Evaluate(DoorStats stats, IReadOnlyList<DoorBooking> bookings, IEnumerable<string> attendeeRefs)
    {
        var listed = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in attendeeRefs)
        {
            listed[reference] = listed.GetValueOrDefault(reference) + 1;
        }

        var twice = new List<string>();
        var never = new List<string>();
        var unexpected = new List<string>();
        var rescans = new List<string>();
        var missing = new List<string>();
        foreach (var booking in bookings)
        {
            var stored = booking.Rescan is { Status: 409 } rescan && rescan.Code == "already_checked_in";
            if (booking.CheckedIn > 1)
            {
                twice.Add($"{booking.BookingRef} admitted by {booking.CheckedIn} scans");
            }
            else if (booking.CheckedIn == 0 && !(booking.Ambiguous > 0 && stored))
            {
                // With no 201, only a scan of unknown outcome can have admitted it; the rescan tells whether one did.
                never.Add($"{booking.BookingRef} ({booking.AlreadyCheckedIn} × already_checked_in, {booking.Ambiguous} unknown)");
            }

            if (booking.Unexpected > 0)
            {
                unexpected.Add($"{booking.BookingRef}: {booking.Unexpected} unexpected answers");
            }

            if (!stored || (booking.CheckedIn == 1 && !SameInstant(booking.CheckedInAt, JsonCheckedInAt(booking.Rescan))))
            {
                rescans.Add($"{booking.BookingRef}: rescan {(booking.Rescan is { } r ? r.ErrorKind : "not made")}, checkedInAt {JsonCheckedInAt(booking.Rescan) ?? "-"} (admitted at {booking.CheckedInAt ?? "-"})");
            }

            if (!listed.Remove(booking.BookingRef, out var times) || times != 1)
            {
                missing.Add($"{booking.BookingRef} listed {times} times");
            }
        }

        stats.CheckedInTwice = twice.Count;
        stats.NeverCheckedIn = never.Count;
        stats.CheckedInOnce = bookings.Count - twice.Count - never.Count;
        stats.WithUnexpectedAnswers = unexpected.Count;
        stats.RescanMismatches = rescans.Count;
        stats.MissingFromAttendees = missing.Count;
        stats.UnexpectedAttendees = listed.Count;
        Report(stats, "checked in twice", twice);
        Report(stats, "never checked in", never);
        Report(stats, "unexpected answers", unexpected);
        Report(stats, "rescan after the run", rescans);
        Report(stats, "attendee list", missing);
        Report(stats, "attendees the run did not book", [.. listed.Keys]);
        stats.Passed = stats.Problems.Count == 0;
    }

    private static string? JsonCheckedInAt(Http.ApiAnswer? answer) =>
        answer is { Body.Length: > 0 } a ? Http.JsonScan.String(a.Body, "checkedInAt") : null;

    /// <summary>The two texts name the same instant (the 201 and the 409 may format it differently).</summary>
    private static bool SameInstant(string? a, string? b) =>
        DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var x)
        && DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var y)
        && x == y;

    private static void Report(DoorStats stats, string kind, List<string> found)
    {
        if (found.Count > 0)
        {
            stats.Problems.Add($"{kind}: {found.Count} ({string.Join("; ", found.Take(Examples))}{(found.Count > Examples ? "; …" : "")})");
        }
    }
}
