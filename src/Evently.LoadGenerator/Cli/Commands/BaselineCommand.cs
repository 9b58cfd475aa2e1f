using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>baseline</c>: the classic single-row transaction over Npgsql, no HTTP.</summary>
internal sealed class BaselineCommand : ScenarioCommand<BaselineSettings>
{
    protected override bool UsesHttp => false;

    protected override async Task<int> RunAsync(ScenarioRun run, BaselineSettings s)
    {
        var options = ScenarioOptions.Baseline(run);
        options.Form = s.Form;
        var report = await run.ShowAsync(() => Baseline.RunAsync(options, run.Ct));
        return run.Finish($"baseline ({report.Variant}, Npgsql)", "baseline", ResultFiles.Side(report), report, "baseline: BEGIN; UPDATE … WHERE seats >= q; INSERT; COMMIT");
    }
}
