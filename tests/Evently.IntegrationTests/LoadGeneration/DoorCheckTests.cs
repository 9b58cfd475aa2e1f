using System.Text;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Scenarios;

namespace Evently.IntegrationTests.LoadGeneration;

/// <summary>The door scenario's final check: every booking checked in exactly once, judged from the answers, a rescan and the attendee list.</summary>
public sealed class DoorCheckTests
{
    private const string At = "2026-12-08T03:00:00.1234567+00:00";

    [Fact]
    public void One_admission_per_booking_the_rest_already_checked_in_passes()
    {
        var bookings = new[] { Scanned("EV-AAAAAAAAAA", 201, 409, 409), Scanned("EV-BBBBBBBBBB", 409, 201, 409) };

        var stats = Evaluate(bookings, ["EV-AAAAAAAAAA", "ev-bbbbbbbbbb"]);

        Assert.True(stats.Passed, string.Join("; ", stats.Problems));
        Assert.Equal(2, stats.CheckedInOnce);
    }

    [Fact]
    public void A_booking_two_doors_admitted_fails_the_check()
    {
        var stats = Evaluate([Scanned("EV-AAAAAAAAAA", 201, 201, 409), Scanned("EV-BBBBBBBBBB", 201, 409)], ["EV-AAAAAAAAAA", "EV-BBBBBBBBBB"]);

        Assert.False(stats.Passed);
        Assert.Equal(1, stats.CheckedInTwice);
        Assert.Equal(1, stats.CheckedInOnce);
        Assert.Contains(stats.Problems, p => p.StartsWith("checked in twice: 1 (EV-AAAAAAAAAA admitted by 2 scans)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_booking_no_door_admitted_fails_unless_an_unknown_outcome_stored_it()
    {
        var never = Scanned("EV-AAAAAAAAAA", 409, 409);
        never.Rescan = new ApiAnswer(201, Body(At), null, null, false);
        var unknownButStored = Scanned("EV-BBBBBBBBBB", 504, 409);

        var stats = Evaluate([never, unknownButStored], ["EV-AAAAAAAAAA", "EV-BBBBBBBBBB"], rescan: false);

        Assert.False(stats.Passed);
        Assert.Equal(1, stats.NeverCheckedIn);
        Assert.Equal(1, stats.CheckedInOnce);
        Assert.Equal(1, stats.RescanMismatches);
    }

    [Fact]
    public void A_rescan_that_finds_another_check_in_time_or_an_unexpected_answer_fails()
    {
        var otherTime = Scanned("EV-AAAAAAAAAA", 201, 409);
        otherTime.Rescan = Already("2026-12-08T03:00:05+00:00");
        var notFound = Scanned("EV-BBBBBBBBBB", 201, 404);

        var stats = Evaluate([otherTime, notFound], ["EV-AAAAAAAAAA", "EV-BBBBBBBBBB"], rescan: false);

        Assert.False(stats.Passed);
        Assert.Equal(2, stats.RescanMismatches); // the other time, and the booking never rescanned
        Assert.Equal(1, stats.WithUnexpectedAnswers);
    }

    [Fact]
    public void The_attendee_list_must_show_each_booking_once_and_nothing_else()
    {
        var stats = Evaluate([Scanned("EV-AAAAAAAAAA", 201, 409), Scanned("EV-BBBBBBBBBB", 201, 409)], ["EV-AAAAAAAAAA", "EV-AAAAAAAAAA", "EV-CCCCCCCCCC"]);

        Assert.False(stats.Passed);
        Assert.Equal(2, stats.MissingFromAttendees);
        Assert.Equal(1, stats.UnexpectedAttendees);
    }

    [Fact]
    public void The_scan_plan_gives_every_booking_its_scans_one_after_another()
    {
        var plan = Door.Plan(bookings: 50, scansPerBooking: 3, seed: 5);

        Assert.Equal(150, plan.Length);
        Assert.All(plan.Chunk(3), scans => Assert.True(scans.Distinct().Count() == 1, "a booking's scans are not next to each other"));
        Assert.Equal(Enumerable.Range(0, 50), plan.Distinct().Order());
        Assert.NotEqual(Enumerable.Range(0, 50), plan.Distinct()); // shuffled
    }

    private static DoorStats Evaluate(DoorBooking[] bookings, string[] attendees, bool rescan = true)
    {
        foreach (var booking in bookings.Where(b => rescan || (b.Rescan is null && b.Ambiguous > 0)))
        {
            booking.Rescan = Already(At);
        }

        var stats = new DoorStats();
        DoorCheck.Evaluate(stats, bookings, attendees);
        return stats;
    }

    /// <summary>A booking whose scans were answered <paramref name="statuses"/> (201 and 409 already_checked_in carry <see cref="At"/>).</summary>
    private static DoorBooking Scanned(string reference, params int[] statuses)
    {
        var booking = new DoorBooking(Guid.NewGuid(), reference);
        foreach (var status in statuses)
        {
            booking.Count(status switch
            {
                201 => new ApiAnswer(201, Body(At), null, null, false),
                409 => Already(At),
                _ => new ApiAnswer(status, Encoding.UTF8.GetBytes("{\"code\":\"booking_not_found\"}"), null, null, false),
            });
        }

        return booking;
    }

    private static ApiAnswer Already(string at) =>
        new(409, Encoding.UTF8.GetBytes($"{{\"code\":\"already_checked_in\",\"checkedInAt\":\"{at}\"}}"), null, null, false);

    private static byte[] Body(string at) => Encoding.UTF8.GetBytes($"{{\"bookingRef\":\"EV-X\",\"quantity\":1,\"checkedInAt\":\"{at}\"}}");
}
