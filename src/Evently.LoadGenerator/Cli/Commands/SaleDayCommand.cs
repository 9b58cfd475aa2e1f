using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>sale-day</c>: an event with a waiting room; users queue before the opening and book once admitted.</summary>
internal sealed class SaleDayCommand : ScenarioCommand<SaleDaySettings>
{
    protected override async Task<int> RunAsync(ScenarioRun run, SaleDaySettings s)
    {
        var report = await run.ShowAsync(() => SaleDay.RunAsync(ScenarioOptions.SaleDay(run, null), run.Ct));
        run.Ui.PrintReport("sale day (waiting room)", report);
        SaleDayView.Print(run, report);
        run.Save("sale-day", run.Document("sale-day", ResultFiles.Side(report), report), [("Evently sale day, waiting room", report)]);
        return SaleDayView.Verdict(run, report) ?? run.Verdict([report]);
    }
}
