using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>open</c>: bookings at a fixed rate for a fixed time, optionally beside a flood of sign-ins.</summary>
internal sealed class OpenCommand : ScenarioCommand<OpenSettings>
{
    protected override async Task<int> RunAsync(ScenarioRun run, OpenSettings s)
    {
        var options = ScenarioOptions.Open(run, null, s.Rate);
        options.Seats = s.SeatsGiven ?? 0;
        await using var flood = s.LoginFlood > 0 ? new LoginFlood(s.Url, s.LoginFlood, s.RequestTimeout) : null;
        if (flood is not null)
        {
            options.Observer = new FloodOnRun(run.Ui, flood);
        }

        var report = await run.ShowAsync(() => OpenModel.RunAsync(options, run.Ct));
        if (flood is not null)
        {
            run.Ui.Info(await flood.StopAsync());
        }

        return run.Finish($"open model, {s.Rate:N0}/s offered", "open", ResultFiles.Open(report), report, $"Evently open model, {s.Rate:N0}/s offered");
    }
}
