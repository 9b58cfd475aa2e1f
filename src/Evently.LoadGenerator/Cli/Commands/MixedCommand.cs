using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>mixed</c>: many events; clients browse, book, cancel and join waitlists for --duration seconds.</summary>
internal sealed class MixedCommand : ScenarioCommand<MixedSettings>
{
    protected override async Task<int> RunAsync(ScenarioRun run, MixedSettings s)
    {
        var report = await run.ShowAsync(() => Mixed.RunAsync(ScenarioOptions.Mixed(run, null, s.Clients), run.Ct));
        return run.Finish("mixed load", "mixed", ResultFiles.Side(report), report, "Evently mixed load");
    }
}
