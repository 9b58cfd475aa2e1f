using System.Globalization;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Terminal;

/// <summary>The lines of a printed report, shared by both terminals.</summary>
internal static class ReportRows
{
    private static string Ms(double? value) => value is { } v ? v.ToString("N3", CultureInfo.InvariantCulture) : "?";

    public static List<(string Name, string Value)> For(ScenarioReport r)
    {
        var rows = new List<(string, string)>
        {
            ("model", r.OfferedPerSecond is { } rate ? $"open, {N(rate)}/s offered" : $"closed, {r.Clients:N0} clients"),
            ("users / seats", $"{r.Users:N0} / {r.Seats:N0}"),
            ("duration", $"{r.DurationSeconds:N2} s"),
            ("attempts", $"{r.Attempts:N0} ({N(r.AttemptsPerSecond)}/s)"),
            ("confirmed", $"{r.Confirmed:N0} bookings, {r.ConfirmedSeats:N0} seats"),
            ("confirmed/s", N(r.ConfirmedPerSecond)),
            ("sold out", r.SoldOut.ToString("N0", CultureInfo.InvariantCulture)),
            ("rate limited (429)", r.RateLimited.ToString("N0", CultureInfo.InvariantCulture)),
            ("errors", r.Errors == 0 ? "0" : $"{r.Errors:N0} ({string.Join(", ", r.ErrorKinds.Take(5).Select(p => $"{p.Key}: {p.Value:N0}"))})"),
            ("latency p50 / p95 / p99", $"{r.Latency.P50Ms:N2} / {r.Latency.P95Ms:N2} / {r.Latency.P99Ms:N2} ms"),
            ("latency p99.9 / max", $"{r.Latency.P999Ms:N2} / {r.Latency.MaxMs:N2} ms"),
        };
        if (r.ServerPeakMemoryBytes is { } peak)
        {
            rows.Add(("server peak memory", $"{peak / 1048576.0:N0} MiB (VmHWM)"));
        }

        if (r.CpuPerRequest is { } cpu)
        {
            rows.Add(("CPU per request client / server / db", $"{cpu.ClientMs:N3} / {Ms(cpu.ServerMs)} / {Ms(cpu.DatabaseMs)} ms"));
        }

        if (r.Operations is { } ops)
        {
            foreach (var (name, op) in ops)
            {
                rows.Add(($"  {name}", $"{op.Attempts:N0} sent, {op.Succeeded:N0} ok, {op.Conflicts:N0} conflicts, {op.RateLimited:N0} 429, {op.Errors:N0} errors, p50 {op.Latency.P50Ms:N1} / p99 {op.Latency.P99Ms:N1} ms"));
            }
        }

        if (r.DatabaseCheck is { } c)
        {
            rows.Add(("database check", c.Passed ? "PASSED" : "FAILED"));
            rows.Add(("  events found", $"{c.EventsFound}/{c.EventsExpected} in {string.Join(", ", c.Databases)}"));
            rows.Add(("  seats sold (events row)", $"{c.SeatsSold:N0} of {c.TotalCapacity:N0} (available {c.AvailableSeats:N0}, held {c.HeldSeats:N0})"));
            rows.Add(("  confirmed rows / seats", $"{c.ConfirmedRows:N0} / {c.ConfirmedSeats:N0}"));
            rows.Add(("  201s expected confirmed", $"{c.ExpectedConfirmedRows:N0} / {c.ExpectedConfirmedSeats:N0} seats"));
            rows.Add(("  invariant", c.InvariantHolds ? "holds" : $"VIOLATED ({c.EventsViolatingInvariant} events)"));
            rows.Add(("  oversold / lost", $"{c.Oversold:N0} / {c.Lost:N0}"));
            foreach (var problem in c.Problems)
            {
                rows.Add(("  note", problem));
            }
        }
        else
        {
            rows.Add(("database check", "not run (no connection string)"));
        }

        foreach (var note in r.Notes)
        {
            rows.Add(("note", note));
        }

        return rows;
    }

    /// <summary>One status line of a running scenario.</summary>
    public static string Status(RunRecorder recorder, double ratePerSecond)
    {
        var progress = recorder.ProgressBySeconds
            ? $"{recorder.ElapsedSeconds:N0}/{recorder.ProgressTotal:N0} s"
            : $"{recorder.ConfirmedSeats:N0}/{recorder.ProgressTotal:N0} seats";
        return $"{recorder.Label}: {progress}, confirmed {recorder.Confirmed:N0}, attempts {recorder.Attempts:N0}, {N(ratePerSecond)} confirmed/s"
            + $", sold-out {recorder.SoldOut:N0}, 429 {recorder.RateLimited:N0}, errors {recorder.Errors:N0}";
    }

    private static string N(double value) => value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);
}
