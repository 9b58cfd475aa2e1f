using System.Globalization;
using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;
using static Evently.LoadGenerator.Cli.Cells;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>sweep</c>: the open model at each of --rates until p99 passes --sweep-p99.</summary>
internal sealed class SweepCommand : ScenarioCommand<SweepSettings>
{
    protected override async Task<int> RunAsync(ScenarioRun run, SweepSettings s)
    {
        var ui = run.Ui;
        var api = new EventlyApi(run.Http, s.Url);
        var session = await run.ShowAsync(() => UserSession.PrepareAsync(api, run.Target, s.Users, ui.Phase, run.Ct));
        var reports = new List<ScenarioReport>();
        double? highest = null;
        foreach (var rate in s.Rates)
        {
            var report = await run.ShowAsync(() => OpenModel.RunAsync(ScenarioOptions.Open(run, session, rate), run.Ct));
            reports.Add(report);
            ui.Info($"{rate:N0}/s offered: p50 {report.Latency.P50Ms:N1} ms, p99 {report.Latency.P99Ms:N1} ms, {report.AttemptsPerSecond:N0}/s achieved, errors {report.Errors:N0}");
            if (report.Latency.P99Ms > s.SweepP99 || report.Errors > 0)
            {
                break;
            }

            highest = rate;
        }

        List<string[]> rows = [["offered/s", "achieved/s", "p50 ms", "p99 ms", "max ms", "429", "errors"]];
        rows.AddRange(reports.Select(r => new[] { F(r.OfferedPerSecond ?? 0), F(r.AttemptsPerSecond), F(r.Latency.P50Ms), F(r.Latency.P99Ms), F(r.Latency.MaxMs), F(r.RateLimited), F(r.Errors) }));
        ui.PrintTable($"sweep: highest offered rate with p99 ≤ {s.SweepP99:N0} ms: {(highest is { } h ? h.ToString("N0", CultureInfo.InvariantCulture) + "/s" : "none")}", rows);
        var document = new
        {
            scenario = "sweep",
            timestamp = DateTime.UtcNow,
            machine = ResultFiles.Machine(),
            thresholdP99Ms = s.SweepP99,
            highestRateUnderThreshold = highest,
            points = reports.Select(ResultFiles.Open).ToList(),
            settings = s.Document(),
            reports,
        };
        run.Save("sweep", document, [.. reports.Select(r => ($"open model, {r.OfferedPerSecond:N0}/s offered", r))]);
        return run.Verdict(reports);
    }
}
