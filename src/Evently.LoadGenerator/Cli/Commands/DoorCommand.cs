using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;
using static Evently.LoadGenerator.Cli.Cells;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>door</c>: doors scanning attendees' bookings at once; every booking must be checked in exactly once.</summary>
internal sealed class DoorCommand : ScenarioCommand<DoorSettings>
{
    protected override async Task<int> RunAsync(ScenarioRun run, DoorSettings s)
    {
        var options = new DoorOptions
        {
            Target = run.Target,
            Attendees = s.Attendees,
            Doors = s.Doors,
            ScansPerBooking = s.ScansPerBooking,
            Users = s.Users,
            MaxDuration = s.Timeout,
            Observer = run.Ui,
        };
        var report = await run.ShowAsync(() => Door.RunAsync(options, run.Ct));
        run.Ui.PrintReport("door (check-in, closed model)", report);
        var door = report.Door!;
        run.Ui.PrintTable("door", [
            ["doors", "bookings × scans", "scans/s", "p50 ms", "p99 ms", "admitted", "already_checked_in", "exactly once"],
            [F(door.Doors), $"{door.Bookings:N0} × {door.ScansPerBooking}", F(door.ScansPerSecond), F(report.Latency.P50Ms), F(report.Latency.P99Ms), F(door.CheckedIn), F(door.AlreadyCheckedIn), door.Passed ? "yes" : "NO"],
        ]);
        run.Save("door", run.Document("door", new { side = ResultFiles.Side(report), door }, report), [("Evently door, check-in", report)]);
        if (!door.Passed)
        {
            run.Ui.Error($"exactly-once check FAILED: {string.Join("; ", door.Problems)}");
            return ExitCodes.CheckFailed;
        }

        return run.Verdict([report]);
    }
}
