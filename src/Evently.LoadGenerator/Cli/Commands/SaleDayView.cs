using Evently.LoadGenerator.Reporting;
using static Evently.LoadGenerator.Cli.Cells;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary>How sale-day and compare show a sale day, and its own verdict.</summary>
internal static class SaleDayView
{
    public static void Print(ScenarioRun run, ScenarioReport report)
    {
        var s = report.SaleDay!;
        run.Ui.PrintTable($"sale day: {report.Users:N0} users, {report.Seats:N0} seats, admitted at {s.AdmitPerMinute:N0}/min", [
            ["pre-queued / late joiners", $"{s.PreQueued:N0} / {s.LateJoiners:N0} ({s.JoinsPerSecond:N0} joins/s)"],
            ["admitted / still waiting", $"{s.Admitted:N0} / {s.StillWaiting:N0}"],
            ["opening → admission p50 / p99", $"{s.AdmissionP50Ms / 1000:N2} / {s.AdmissionP99Ms / 1000:N2} s (max {s.AdmissionMaxMs / 1000:N2} s)"],
            ["bookings/s", F(s.BookingsPerSecond)],
            ["rank correlation join ↔ admission", $"{s.RankCorrelation:N3} over {s.CorrelatedUsers:N0} users (fair: ≈ 0)"],
            ["tried without admission", $"{s.ProbeUsers:N0} users: {string.Join(", ", s.ProbeAnswers.Select(p => $"{p.Key} × {p.Value:N0}"))}"],
            ["bookings without admission", F(s.BookingsWithoutAdmission)],
            ["oversold / lost", CheckCell(report)],
        ]);
    }

    /// <summary>Fails a sale day that let anyone book without an admission (or answered them otherwise than 403 admission_required).</summary>
    public static int? Verdict(ScenarioRun run, ScenarioReport report)
    {
        if (report.SaleDay is { AdmissionEnforced: false } s)
        {
            run.Ui.Error($"sale day: {s.BookingsWithoutAdmission:N0} bookings without admission; answers to users without one: {string.Join(", ", s.ProbeAnswers.Select(p => $"{p.Key}: {p.Value:N0}"))}");
            return ExitCodes.CheckFailed;
        }

        return null;
    }
}
