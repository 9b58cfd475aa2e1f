using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;
using static Evently.LoadGenerator.Cli.Cells;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary>
/// <c>compare</c>: the baseline in both forms on each pool size, then flash-sale, open, mixed, browse-only and sale-day
/// on one system; ratios against the best baseline variant and the targets they meet.
/// </summary>
internal sealed class CompareCommand : ScenarioCommand<CompareSettings>
{
    private static readonly BaselineForm[] Forms = [BaselineForm.OneStatement, BaselineForm.ThreeStatements];

    protected override async Task<int> RunAsync(ScenarioRun run, CompareSettings o)
    {
        var ui = run.Ui;
        var ct = run.Ct;

        // The classic design in both forms on every pool size: the ratio is taken against its best figure.
        var variants = new List<ScenarioReport>();
        foreach (var form in Forms)
        {
            foreach (var pool in o.BaselinePools)
            {
                var options = ScenarioOptions.Baseline(run);
                options.Form = form;
                options.MaxConnections = pool;
                options.Seats = o.BaselineSeats;
                var variant = await run.ShowAsync(() => Baseline.RunAsync(options, ct));
                ui.Info($"baseline {variant.Variant}: {variant.ConfirmedPerSecond:N0} confirmed/s, p50 {variant.Latency.P50Ms:N1} ms, p99 {variant.Latency.P99Ms:N1} ms, errors {variant.Errors:N0}");
                variants.Add(variant);
            }
        }

        var baseline = variants.MaxBy(v => v.ConfirmedPerSecond)!;
        ui.PrintReport($"best baseline ({baseline.Variant})", baseline);

        var api = new EventlyApi(run.Http, o.Url);
        var session = await run.ShowAsync(() => UserSession.PrepareAsync(api, run.Target, o.Users, ui.Phase, ct));

        // A short sale on its own event first, not measured: a freshly started server still JIT-compiles its hot
        // path and opens its connections, which would be charged to the first seconds of the measured sale.
        var warmUp = ScenarioOptions.FlashSale(run, session);
        warmUp.Seats = Math.Min(o.Seats, 20_000);
        ui.Info($"warm-up sale of {warmUp.Seats:N0} seats (not measured)");
        await run.ShowAsync(() => FlashSale.RunAsync(warmUp, ct));

        var evently = await run.ShowAsync(() => FlashSale.RunAsync(ScenarioOptions.FlashSale(run, session), ct));
        ui.PrintReport("Evently flash sale (closed model)", evently);
        var open = await run.ShowAsync(() => OpenModel.RunAsync(ScenarioOptions.Open(run, session, o.Rate), ct));
        ui.PrintReport($"Evently open model, {o.Rate:N0}/s offered", open);

        var mixed = await run.ShowAsync(() => Mixed.RunAsync(ScenarioOptions.Mixed(run, session, o.MixedClients), ct));
        ui.PrintReport($"Evently mixed, {o.Events:N0} events", mixed);
        var browseOptions = ScenarioOptions.Mixed(run, session, o.MixedClients);
        browseOptions.Events = o.BrowseEvents;
        browseOptions.HotShare = 0;
        (browseOptions.BrowseWeight, browseOptions.BookWeight, browseOptions.CancelWeight, browseOptions.WaitlistWeight) = (100, 0, 0, 0);
        var browse = await run.ShowAsync(() => Mixed.RunAsync(browseOptions, ct));
        ui.PrintReport($"Evently browse only, {o.BrowseEvents:N0} more events", browse);
        var saleDay = await run.ShowAsync(() => SaleDay.RunAsync(ScenarioOptions.SaleDay(run, session), ct));
        ui.PrintReport("Evently sale day (waiting room)", saleDay);
        SaleDayView.Print(run, saleDay);

        static double Ratio(double a, double b) => b > 0 ? Math.Round(a / b, 2) : 0;
        var ratio = Ratio(evently.ConfirmedPerSecond, baseline.ConfirmedPerSecond);
        var mixedRatio = Ratio(mixed.AttemptsPerSecond, evently.ConfirmedPerSecond);
        var browseRatio = Ratio(browse.AttemptsPerSecond, evently.ConfirmedPerSecond);
        var targets = new
        {
            ratio = 5,
            ratioMet = ratio >= 5,
            openP99Ms = 20,
            openP99Met = open.Latency.P99Ms <= 20 && open.Errors == 0,
            mixedRatio = 0.6,
            mixedP99Ms = 100,
            mixedMet = mixedRatio >= 0.6 && mixed.Latency.P99Ms <= 100 && mixed.Errors == 0 && mixed.DatabaseCheck is not { Passed: false },
            browseRatio = 1.0,
            browseP99Ms = 50,
            browseMet = browseRatio >= 1 && browse.Latency.P99Ms <= 50 && browse.Errors == 0,
        };
        static string Met(bool met) => met ? "met" : "NOT met";
        List<string[]> rows = [["", "confirmed or requests/s", "p50 ms", "p99 ms", "oversold / lost", "errors"]];
        rows.AddRange(variants.Select(v => new[] { $"baseline {v.Variant}{(ReferenceEquals(v, baseline) ? " (best)" : "")}", F(v.ConfirmedPerSecond), F(v.Latency.P50Ms), F(v.Latency.P99Ms), CheckCell(v), F(v.Errors) }));
        rows.Add(["Evently flash sale", F(evently.ConfirmedPerSecond), F(evently.Latency.P50Ms), F(evently.Latency.P99Ms), CheckCell(evently), F(evently.Errors)]);
        rows.Add([$"Evently open {o.Rate:N0}/s", F(open.ConfirmedPerSecond), F(open.Latency.P50Ms), F(open.Latency.P99Ms), CheckCell(open), F(open.Errors)]);
        rows.Add([$"Evently mixed ({o.Events:N0} events)", F(mixed.AttemptsPerSecond), F(mixed.Latency.P50Ms), F(mixed.Latency.P99Ms), CheckCell(mixed), F(mixed.Errors)]);
        rows.Add([$"Evently browse ({o.BrowseEvents:N0}+ events)", F(browse.AttemptsPerSecond), F(browse.Latency.P50Ms), F(browse.Latency.P99Ms), "", F(browse.Errors)]);
        var sd = saleDay.SaleDay!;
        rows.Add([$"Evently sale day ({saleDay.Users:N0} queued; bookings/s, admission p50/p99 s)", F(sd.BookingsPerSecond), F(sd.AdmissionP50Ms / 1000), F(sd.AdmissionP99Ms / 1000), CheckCell(saleDay), F(saleDay.Errors)]);
        rows.Add(["ratio flash sale / best baseline (target ≥ 5)", $"{ratio:N2}× {Met(targets.ratioMet)}", "", "", "", ""]);
        rows.Add(["mixed / flash sale (target ≥ 0.6, p99 ≤ 100 ms)", $"{mixedRatio:N2} {Met(targets.mixedMet)}", "", "", "", ""]);
        rows.Add(["browse / flash sale (target ≥ 1, p99 ≤ 50 ms)", $"{browseRatio:N2} {Met(targets.browseMet)}", "", "", "", ""]);
        rows.Add([$"open {o.Rate:N0}/s p99 (target ≤ 20 ms)", $"{open.Latency.P99Ms:N1} ms {Met(targets.openP99Met)}", "", "", "", ""]);
        rows.Add(["server peak memory (browse run)", browse.ServerPeakMemoryBytes is { } peak ? $"{peak / 1048576.0:N0} MiB" : "unknown", "", "", "", ""]);
        ui.PrintTable($"compare: {o.Clients:N0} clients, {o.Seats:N0} seats; mixed/browse {o.MixedClients:N0} clients", rows);

        var document = new
        {
            scenario = "compare",
            timestamp = DateTime.UtcNow,
            machine = ResultFiles.Machine(),
            ratio,
            mixedRatio,
            browseRatio,
            evently = ResultFiles.Side(evently),
            baseline = ResultFiles.Side(baseline),
            baselineVariant = baseline.Variant,
            baselineVariants = variants.Select(v => new { variant = v.Variant, side = ResultFiles.Side(v) }).ToList(),
            open = ResultFiles.Open(open),
            mixed = ResultFiles.Many(mixed),
            browse = ResultFiles.Many(browse),
            saleDay = new { side = ResultFiles.Side(saleDay), stats = saleDay.SaleDay },
            targets,
            settings = o.Document(),
            reports = new { baselineVariants = variants, evently, open, mixed, browse, saleDay },
        };
        run.Save("compare", document, [
            ($"best baseline, {baseline.Variant}", baseline),
            ($"Evently flash sale, {o.Clients:N0} clients", evently),
            ($"Evently open model, {o.Rate:N0}/s offered", open),
            ($"Evently mixed, {o.MixedClients:N0} clients", mixed),
            ($"Evently browse only, {o.MixedClients:N0} clients", browse),
            ("Evently sale day, waiting room", saleDay),
        ]);
        return SaleDayView.Verdict(run, saleDay) ?? run.Verdict([.. variants, evently, open, mixed, browse, saleDay]);
    }
}
