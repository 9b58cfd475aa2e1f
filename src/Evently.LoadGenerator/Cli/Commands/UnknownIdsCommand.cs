using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>unknown-ids</c>: anonymous reads of events that do not exist, twice, and the server's memory meanwhile.</summary>
internal sealed class UnknownIdsCommand : ScenarioCommand<UnknownIdsSettings>
{
    protected override async Task<int> RunAsync(ScenarioRun run, UnknownIdsSettings s)
    {
        var ui = run.Ui;
        ui.Info($"{s.Requests:N0} requests for random event ids from {s.Clients:N0} clients");
        var report = await UnknownIds.RunAsync(run.Http, s.Requests, s.Clients, run.Target.ServerPid, run.Ct);
        static string MiB(long? bytes) => bytes is { } b ? $"{b / 1048576.0:N1} MiB" : "unknown";
        ui.PrintTable("unknown ids", [
            ["requests", $"{report.Requests:N0} per round, second round: {report.NotFound:N0} × 404, {report.Other:N0} other"],
            ["requests/s", $"{report.RequestsPerSecond:N0}"],
            ["p50 / p99", $"{report.P50Ms:N1} / {report.P99Ms:N1} ms"],
            ["server resident memory", $"{MiB(report.ResidentBeforeBytes)} → {MiB(report.ResidentAfterFirstBytes)} → {MiB(report.ResidentAfterSecondBytes)}"],
            ["growth per round", report.SecondRoundGrowthMiB is { } g ? $"{report.FirstRoundGrowthMiB:N1} MiB, then {g:N1} MiB" : "unknown (no server pid)"],
        ]);
        var name = $"unknown-ids-{run.Stamp}";
        ui.Info($"results: {ResultFiles.Write(s.OutDirectory, name, new { scenario = "unknown-ids", timestamp = DateTime.UtcNow, machine = ResultFiles.Machine(), report, firstRoundGrowthMiB = report.FirstRoundGrowthMiB, secondRoundGrowthMiB = report.SecondRoundGrowthMiB, settings = s.Document() })}");
        return report.Other == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
