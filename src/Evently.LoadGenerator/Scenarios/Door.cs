using System.Diagnostics;
using System.Globalization;
using System.Text;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The door: an event starting within the day (check-in opens 24 h before it), <see cref="DoorOptions.Attendees"/>
/// bookings of one seat, then <see cref="DoorOptions.Doors"/> scanners checking them in through
/// <c>POST /events/{id}/check-ins</c>, every booking scanned <see cref="DoorOptions.ScansPerBooking"/> times by
/// different doors at about the same moment. Measures scans per second and their latency; ends with
/// <see cref="DoorCheck"/>: every booking checked in exactly once.
/// </summary>
public static class Door
{
    /// <summary>Sets up (not timed), scans, checks. Prints nothing.</summary>
    public static async Task<ScenarioReport> RunAsync(DoorOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Attendees is < 1 or > 1_000_000 || options.Doors < 1 || options.Users < 1 || options.ScansPerBooking is < 2 or > 100)
        {
            throw new LoadGeneratorException("door needs 1..1,000,000 attendees, doors and users ≥ 1 and 2..100 scans per booking");
        }

        var target = options.Target;
        var observer = options.Observer;
        using var context = ApiContext.Create(target, Math.Max(options.Doors, target.SetupParallelism));
        var api = context.Api;
        var session = options.Session ?? await UserSession.PrepareAsync(api, target, Math.Min(options.Users, options.Attendees), observer is null ? null : observer.Phase, ct);

        // The doors scan as an organizer of the event, not as the admin: the check-in path a real organizer takes.
        await session.AddOrganizersAsync(api, target, 2, observer is null ? null : observer.Phase, ct);
        var organizer = session.Organizers[^1];
        observer?.Phase($"creating an event of {options.Attendees:N0} seats starting in 12 hours");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var eventId = await api.CreateEventAsync(organizer, $"Door {stamp}", "Load Test Arena", options.Attendees, 30m, ct, daysAhead: 0.5);
        var bookings = await BookAsync(api, target, session, eventId, options.Attendees, observer, ct);

        var checkInUrl = api.Url($"api/v1/events/{eventId}/check-ins");
        var bodies = bookings.Select(b => Encoding.UTF8.GetBytes($"{{\"bookingRef\":\"{b.BookingRef}\"}}")).ToArray();
        var plan = Plan(bookings.Count, options.ScansPerBooking, options.Seed);
        await FlashSale.WarmUpAsync(api, eventId, options.Doors, ct);

        var recorder = new RunRecorder("door")
        {
            Memory = target.ServerPid is { } pid ? new ServerMemoryProbe(pid) : null,
            Cpu = target.CpuProbe(),
            ProgressTotal = bookings.Count,
        };
        var next = -1;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.MaxDuration);
        observer?.Running(recorder);
        await recorder.RunClientsAsync(options.Doors, async door =>
        {
            var random = new Random(options.Seed + door);
            try
            {
                for (var i = Interlocked.Increment(ref next); i < plan.Length && !deadline.IsCancellationRequested; i = Interlocked.Increment(ref next))
                {
                    await ScanAsync(api, checkInUrl, organizer, bookings[plan[i]], bodies[plan[i]], recorder, random, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // The run's deadline (or Ctrl+C) came while this door waited to scan again.
            }
        });
        ct.ThrowIfCancellationRequested();

        var report = new ScenarioReport
        {
            Scenario = "door",
            Model = "closed",
            Clients = options.Doors,
            Users = session.UserAuthorizations.Count,
            Seats = bookings.Count,
            EventId = eventId,
        };
        recorder.FillReport(report);
        var stats = new DoorStats
        {
            Doors = options.Doors,
            Bookings = bookings.Count,
            ScansPerBooking = options.ScansPerBooking,
            CheckedIn = bookings.Sum(b => (long)b.CheckedIn),
            AlreadyCheckedIn = bookings.Sum(b => (long)b.AlreadyCheckedIn),
            ScansPerSecond = report.AttemptsPerSecond,
        };
        report.Door = stats;
        if (bookings.Sum(b => (long)b.CheckedIn + b.AlreadyCheckedIn + b.Ambiguous + b.Unexpected) < plan.Length)
        {
            report.Notes.Add($"stopped after {options.MaxDuration.TotalSeconds:N0} s before every scan was made");
        }

        observer?.Phase("checking every booking was checked in exactly once (rescan, attendee list)");
        await RescanAsync(api, checkInUrl, organizer, bookings, bodies, target.SetupParallelism, ct);
        DoorCheck.Evaluate(stats, bookings, await AttendeeRefsAsync(api, eventId, organizer, ct));
        report.Notes.Add($"{bookings.Count:N0} bookings × {options.ScansPerBooking} scans from {options.Doors} doors: {stats.CheckedIn:N0} admitted, {stats.AlreadyCheckedIn:N0} already_checked_in; exactly once: {(stats.Passed ? "yes" : "NO")}");
        report.Notes.AddRange(stats.Problems);

        // The bookings themselves: still all confirmed, none lost, the invariant held (each 201 counted as one seat).
        await FlashSale.CheckAsync(report, target, [eventId], [recorder], observer, ct);
        return report;
    }

    /// <summary>
    /// The order of the scans: the bookings shuffled, each booking's scans one after another, so the doors that take
    /// them up next to each other scan one ticket at about the same moment.
    /// </summary>
    internal static int[] Plan(int bookings, int scansPerBooking, int seed)
    {
        var order = Enumerable.Range(0, bookings).ToArray();
        new Random(seed).Shuffle(order);
        return [.. order.SelectMany(b => Enumerable.Repeat(b, scansPerBooking))];
    }

    private static async Task ScanAsync(EventlyApi api, Uri url, string organizer, DoorBooking booking, byte[] body, RunRecorder recorder, Random random, CancellationToken ct)
    {
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            recorder.Attempt();
            // Never cancelled mid-flight: a cancelled scan could still admit the booking unseen.
            var answer = await api.SendAsync(HttpMethod.Post, url, organizer, body, null, CancellationToken.None);
            recorder.Latency.RecordMicros(LatencyRecorder.ToMicros(Stopwatch.GetTimestamp() - started));
            if (answer.Status == 429)
            {
                recorder.RateLimitedAnswer();
                await Task.Delay(Backoff.After429(answer.RetryAfter, random), ct);
                continue;
            }

            if (answer.Status == 503 || (answer.IsTransportError && !answer.TransportAmbiguous))
            {
                // Nothing happened: the door scans again.
                recorder.Error(answer.ErrorKind, ambiguous: false);
                await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
                continue;
            }

            switch (booking.Count(answer))
            {
                case DoorAnswer.CheckedIn:
                    recorder.Confirm(booking.Id, 1);
                    break;
                case DoorAnswer.AlreadyCheckedIn:
                    break;
                default:
                    recorder.Error($"check-in {answer.ErrorKind}", answer.IsAmbiguous);
                    break;
            }

            return;
        }
    }

    /// <summary>Books one seat per attendee (users in turn), each with its own Idempotency-Key so a retry is the same booking.</summary>
    private static async Task<List<DoorBooking>> BookAsync(EventlyApi api, EventlyTarget target, UserSession session, Guid eventId, int count, IRunObserver? observer, CancellationToken ct)
    {
        observer?.Phase($"booking {count:N0} tickets");
        var url = api.BookingUrl(eventId);
        var made = new DoorBooking[count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, target.SetupParallelism), CancellationToken = ct },
            async (i, token) =>
            {
                var user = session.UserAuthorizations[i % session.UserAuthorizations.Count];
                var key = Guid.NewGuid().ToString("N");
                var answer = await EventlyApi.WithRetriesAsync(() => api.BookAsync(url, user, 1, key, token), token, retryOutcomeUnknown: true);
                if (answer.Status is not (200 or 201) || JsonScan.Booking(answer.Body) is not { } booking || JsonScan.String(answer.Body, "bookingRef") is not { Length: > 0 } reference)
                {
                    throw new LoadGeneratorException($"Booking ticket {i + 1} for the door failed: {EventlyApi.Describe(answer)}");
                }

                made[i] = new DoorBooking(booking.Id, reference);
                if (Interlocked.Increment(ref done) % 500 == 0)
                {
                    observer?.Phase($"booking tickets: {done:N0}/{count:N0}");
                }
            });
        return [.. made];
    }

    /// <summary>One more scan of every booking, after the doors closed (not timed).</summary>
    private static Task RescanAsync(EventlyApi api, Uri url, string organizer, List<DoorBooking> bookings, byte[][] bodies, int parallelism, CancellationToken ct) =>
        Parallel.ForEachAsync(Enumerable.Range(0, bookings.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct },
            async (i, token) => bookings[i].Rescan = await EventlyApi.WithRetriesAsync(() => api.SendAsync(HttpMethod.Post, url, organizer, bodies[i], null, token), token, retryOutcomeUnknown: true));

    /// <summary>The booking references of the organizer's attendee list, as CSV (every attendee, not paged).</summary>
    private static async Task<List<string>> AttendeeRefsAsync(EventlyApi api, Guid eventId, string organizer, CancellationToken ct)
    {
        var (status, text) = await api.GetTextAsync($"api/v1/events/{eventId}/attendees", organizer, "text/csv", ct);
        if (status != 200)
        {
            throw new LoadGeneratorException($"Reading the attendee list failed: HTTP {status} {text[..Math.Min(text.Length, 300)]}");
        }

        // The reference is the first column and never quoted (EV- and 10 letters or digits); other lines are skipped.
        return [.. text.Split('\n').Skip(1).Select(line => line.Split(',', 2)[0].Trim()).Where(r => r.StartsWith("EV-", StringComparison.Ordinal))];
    }
}
