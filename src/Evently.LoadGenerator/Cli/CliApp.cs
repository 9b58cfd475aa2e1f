using System.Globalization;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;
using Evently.LoadGenerator.Terminal;
using Npgsql;

namespace Evently.LoadGenerator.Cli;

/// <summary>The console entry: parses the command line, optionally starts the system, runs a scenario, writes results.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int CheckFailed = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        CliOptions options;
        try
        {
            options = CliOptions.Parse(args);
        }
        catch (UsageException ex)
        {
            System.Console.Error.WriteLine("error: " + ex.Message);
            System.Console.Error.WriteLine();
            System.Console.Error.WriteLine(Usage.Text);
            return Failure;
        }

        if (options.Help)
        {
            System.Console.WriteLine(Usage.Text);
            return Ok;
        }

        ITerminal ui = options.Plain ? new PlainTerminal() : new SpectreTerminal();
        using var cts = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        var run = new Run(options, ui, ResultFiles.Stamp(DateTime.UtcNow), cts.Token);
        try
        {
            return await run.ExecuteAsync();
        }
        catch (LoadGeneratorException ex)
        {
            ui.Error(ex.Message);
            return Failure;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            ui.Error("cancelled");
            return Failure;
        }
        catch (NpgsqlException ex)
        {
            ui.Error("database: " + ex.Message);
            return Failure;
        }
        catch (HttpRequestException ex)
        {
            ui.Error("HTTP: " + ex.Message);
            return Failure;
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>State of one invocation.</summary>
    private sealed class Run(CliOptions o, ITerminal ui, string stamp, CancellationToken ct) : IAsyncDisposable
    {
        private ServerProcess? _server;
        private HttpClient? _http;

        public async Task<int> ExecuteAsync()
        {
            var db = o.Db;
            var serverPid = o.ServerPid;
            if (o.Start)
            {
                var root = RepoRoot.Find() ?? throw new LoadGeneratorException("--start: no Evently.sln found above the current directory");
                var startedUtc = DateTime.UtcNow.AddSeconds(-1);
                _server = await ShowAsync(() => ServerProcess.StartAsync(root, o.Url, Path.Combine(o.OutDirectory, $"server-{stamp}.log"), o.StartTimeout, ui.Phase, ct));
                serverPid ??= _server.AppPid;
                if (db is null)
                {
                    var file = RepoRoot.ReadConnectionFile(root)
                        ?? throw new LoadGeneratorException("--start: the system wrote no .data/postgres/connection.txt; pass --db");
                    db = file.ConnectionString;
                    ui.Info($"database check: connection string from {file.Path}");
                    if (file.WrittenUtc < startedUtc)
                    {
                        ui.Warn($"{file.Path} is older than this start; it may describe another run's database");
                    }
                }
            }

            var target = new EventlyTarget
            {
                BaseUrl = o.Url,
                AdminEmail = o.AdminEmail,
                AdminPassword = o.AdminPassword,
                UserEmailPrefix = o.UserPrefix,
                UserPassword = o.UserPassword,
                SetupParallelism = o.SetupParallelism,
                DatabaseConnectionString = db,
                ShardDatabasePattern = o.ShardPattern,
                ServerPid = serverPid,
                RequestTimeout = o.RequestTimeout,
            };
            if (o.Scenario != "baseline")
            {
                // One shared client for every HTTP scenario of this run.
                _http = HttpClientFactory.Create(o.Url, o.Clients, o.RequestTimeout);
                target.HttpClient = _http;
            }

            return o.Scenario switch
            {
                "flash-sale" => await FlashSaleAsync(target),
                "open" => await OpenAsync(target),
                "mixed" => await MixedAsync(target),
                "baseline" => await BaselineAsync(db),
                "compare" => await CompareAsync(target, db),
                "sweep" => await SweepAsync(target),
                "unknown-ids" => await UnknownIdsAsync(target),
                "sale-day" => await SaleDayAsync(target),
                _ => throw new LoadGeneratorException($"unknown scenario {o.Scenario}"),
            };
        }

        public async ValueTask DisposeAsync()
        {
            _http?.Dispose();
            if (_server is not null)
            {
                ui.Info("stopping the system");
                await _server.DisposeAsync();
            }
        }

        private async Task<int> FlashSaleAsync(EventlyTarget target)
        {
            if (o.Checkout)
            {
                var checkout = new CheckoutOptions { Think = TimeSpan.FromMilliseconds(o.ThinkMs), AbandonShare = o.AbandonShare, HoldMinutes = o.HoldMinutes };
                var sale = await ShowAsync(() => CheckoutSale.RunAsync(FlashSaleOptionsFor(target, null), checkout, ct));
                ui.PrintReport("flash sale with checkout holds (closed model)", sale);
                Save("flash-sale-checkout", Document("flash-sale-checkout", ResultFiles.Side(sale), sale), [("Evently flash sale with checkout holds", sale)]);
                return Verdict([sale]);
            }

            if (o.Seated)
            {
                var seatedOptions = FlashSaleOptionsFor(target, null);
                seatedOptions.Seats = o.SeatedSeats;
                var seated = await ShowAsync(() => SeatedFlashSale.RunAsync(seatedOptions, o.SpecificShare, ct));
                ui.PrintReport("seated flash sale (closed model)", seated);
                Save("flash-sale-seated", Document("flash-sale-seated", ResultFiles.Side(seated), seated), [("Evently seated flash sale", seated)]);
                return Verdict([seated]);
            }

            var report = await ShowAsync(() => FlashSale.RunAsync(FlashSaleOptionsFor(target, null), ct));
            ui.PrintReport("flash sale (closed model)", report);
            Save("flash-sale", Document("flash-sale", ResultFiles.Side(report), report), [("Evently flash sale, closed model", report)]);
            return Verdict([report]);
        }

        private async Task<int> SaleDayAsync(EventlyTarget target)
        {
            var report = await ShowAsync(() => SaleDay.RunAsync(SaleDayOptionsFor(target, null), ct));
            ui.PrintReport("sale day (waiting room)", report);
            PrintSaleDay(report);
            Save("sale-day", Document("sale-day", ResultFiles.Side(report), report), [("Evently sale day, waiting room", report)]);
            return SaleDayVerdict(report) ?? Verdict([report]);
        }

        private void PrintSaleDay(ScenarioReport report)
        {
            var s = report.SaleDay!;
            ui.PrintTable($"sale day: {report.Users:N0} users, {report.Seats:N0} seats, admitted at {s.AdmitPerMinute:N0}/min", [
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
        private int? SaleDayVerdict(ScenarioReport report)
        {
            if (report.SaleDay is { AdmissionEnforced: false } s)
            {
                ui.Error($"sale day: {s.BookingsWithoutAdmission:N0} bookings without admission; answers to users without one: {string.Join(", ", s.ProbeAnswers.Select(p => $"{p.Key}: {p.Value:N0}"))}");
                return CheckFailed;
            }

            return null;
        }

        private SaleDayOptions SaleDayOptionsFor(EventlyTarget target, UserSession? session) => new()
        {
            Target = target,
            Users = session?.UserAuthorizations.Count ?? o.SaleDayUsers,
            Seats = session is null ? o.SaleDaySeats : o.Has("seats") ? o.Seats : session.UserAuthorizations.Count,
            AdmitPerMinute = session is null || o.Has("admit-per-minute") ? o.AdmitPerMinute : Math.Clamp(session.UserAuthorizations.Count * 3, 1, 100_000),
            OpenIn = o.OpenIn,
            ProbeShare = o.ProbeShare,
            MaxQuantity = o.MaxQuantity,
            MaxDuration = o.Timeout,
            Observer = ui,
            Session = session,
        };

        private async Task<int> UnknownIdsAsync(EventlyTarget target)
        {
            ui.Info($"{o.Requests:N0} requests for random event ids from {o.Clients:N0} clients");
            var report = await UnknownIds.RunAsync(target.HttpClient!, o.Requests, o.Clients, target.ServerPid, ct);
            static string MiB(long? bytes) => bytes is { } b ? $"{b / 1048576.0:N1} MiB" : "unknown";
            ui.PrintTable("unknown ids", [
                ["requests", $"{report.Requests:N0} per round, second round: {report.NotFound:N0} × 404, {report.Other:N0} other"],
                ["requests/s", $"{report.RequestsPerSecond:N0}"],
                ["p50 / p99", $"{report.P50Ms:N1} / {report.P99Ms:N1} ms"],
                ["server resident memory", $"{MiB(report.ResidentBeforeBytes)} → {MiB(report.ResidentAfterFirstBytes)} → {MiB(report.ResidentAfterSecondBytes)}"],
                ["growth per round", report.SecondRoundGrowthMiB is { } g ? $"{report.FirstRoundGrowthMiB:N1} MiB, then {g:N1} MiB" : "unknown (no server pid)"],
            ]);
            var name = $"unknown-ids-{stamp}";
            ui.Info($"results: {ResultFiles.Write(o.OutDirectory, name, new { scenario = "unknown-ids", timestamp = DateTime.UtcNow, machine = ResultFiles.Machine(), report, firstRoundGrowthMiB = report.FirstRoundGrowthMiB, secondRoundGrowthMiB = report.SecondRoundGrowthMiB, settings = Settings() })}");
            return report.Other == 0 ? 0 : 1;
        }

        private async Task<int> OpenAsync(EventlyTarget target)
        {
            var options = OpenOptionsFor(target, null, o.Rate);
            await using var flood = o.LoginFlood > 0 ? new LoginFlood(o.Url, o.LoginFlood, o.RequestTimeout) : null;
            if (flood is not null)
            {
                options.Observer = new FloodOnRun(ui, flood);
            }

            var report = await ShowAsync(() => OpenModel.RunAsync(options, ct));
            if (flood is not null)
            {
                ui.Info(await flood.StopAsync());
            }

            ui.PrintReport($"open model, {o.Rate:N0}/s offered", report);
            Save("open", Document("open", ResultFiles.Open(report), report), [($"Evently open model, {o.Rate:N0}/s offered", report)]);
            return Verdict([report]);
        }

        private async Task<int> MixedAsync(EventlyTarget target)
        {
            var report = await ShowAsync(() => Mixed.RunAsync(MixedOptionsFor(target, null, o.Clients), ct));
            ui.PrintReport("mixed load", report);
            Save("mixed", Document("mixed", ResultFiles.Side(report), report), [("Evently mixed load", report)]);
            return Verdict([report]);
        }

        private async Task<int> BaselineAsync(string? db)
        {
            var options = BaselineOptionsFor(db);
            options.Form = o.BaselineForm;
            var report = await ShowAsync(() => Baseline.RunAsync(options, ct));
            ui.PrintReport($"baseline ({report.Variant}, Npgsql)", report);
            Save("baseline", Document("baseline", ResultFiles.Side(report), report), [("baseline: BEGIN; UPDATE … WHERE seats >= q; INSERT; COMMIT", report)]);
            return Verdict([report]);
        }

        private async Task<int> CompareAsync(EventlyTarget target, string? db)
        {
            // The classic design in both forms on every pool size: the ratio is taken against its best figure.
            var variants = new List<ScenarioReport>();
            foreach (var form in new[] { BaselineForm.OneStatement, BaselineForm.ThreeStatements })
            {
                foreach (var pool in o.BaselinePools)
                {
                    var options = BaselineOptionsFor(db);
                    options.Form = form;
                    options.MaxConnections = pool;
                    options.Seats = o.BaselineSeats;
                    var variant = await ShowAsync(() => Baseline.RunAsync(options, ct));
                    ui.Info($"baseline {variant.Variant}: {variant.ConfirmedPerSecond:N0} confirmed/s, p50 {variant.Latency.P50Ms:N1} ms, p99 {variant.Latency.P99Ms:N1} ms, errors {variant.Errors:N0}");
                    variants.Add(variant);
                }
            }

            var baseline = variants.MaxBy(v => v.ConfirmedPerSecond)!;
            ui.PrintReport($"best baseline ({baseline.Variant})", baseline);

            var api = new EventlyApi(_http!, o.Url);
            var session = await ShowAsync(() => UserSession.PrepareAsync(api, target, o.Users, ui.Phase, ct));

            // A short sale on its own event first, not measured: a freshly started server still JIT-compiles its hot
            // path and opens its connections, which would be charged to the first seconds of the measured sale.
            var warmUp = FlashSaleOptionsFor(target, session);
            warmUp.Seats = Math.Min(o.Seats, 20_000);
            ui.Info($"warm-up sale of {warmUp.Seats:N0} seats (not measured)");
            await ShowAsync(() => FlashSale.RunAsync(warmUp, ct));

            var evently = await ShowAsync(() => FlashSale.RunAsync(FlashSaleOptionsFor(target, session), ct));
            ui.PrintReport("Evently flash sale (closed model)", evently);
            var open = await ShowAsync(() => OpenModel.RunAsync(OpenOptionsFor(target, session, o.Rate), ct));
            ui.PrintReport($"Evently open model, {o.Rate:N0}/s offered", open);

            var mixed = await ShowAsync(() => Mixed.RunAsync(MixedOptionsFor(target, session, o.MixedClients), ct));
            ui.PrintReport($"Evently mixed, {o.Events:N0} events", mixed);
            var browseOptions = MixedOptionsFor(target, session, o.MixedClients);
            browseOptions.Events = o.BrowseEvents;
            browseOptions.HotShare = 0;
            (browseOptions.BrowseWeight, browseOptions.BookWeight, browseOptions.CancelWeight, browseOptions.WaitlistWeight) = (100, 0, 0, 0);
            var browse = await ShowAsync(() => Mixed.RunAsync(browseOptions, ct));
            ui.PrintReport($"Evently browse only, {o.BrowseEvents:N0} more events", browse);
            var saleDay = await ShowAsync(() => SaleDay.RunAsync(SaleDayOptionsFor(target, session), ct));
            ui.PrintReport("Evently sale day (waiting room)", saleDay);
            PrintSaleDay(saleDay);

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
                settings = Settings(),
                reports = new { baselineVariants = variants, evently, open, mixed, browse, saleDay },
            };
            Save("compare", document, [
                ($"best baseline, {baseline.Variant}", baseline),
                ($"Evently flash sale, {o.Clients:N0} clients", evently),
                ($"Evently open model, {o.Rate:N0}/s offered", open),
                ($"Evently mixed, {o.MixedClients:N0} clients", mixed),
                ($"Evently browse only, {o.MixedClients:N0} clients", browse),
                ("Evently sale day, waiting room", saleDay),
            ]);
            return SaleDayVerdict(saleDay) ?? Verdict([.. variants, evently, open, mixed, browse, saleDay]);
        }

        private MixedOptions MixedOptionsFor(EventlyTarget target, UserSession? session, int clients)
        {
            var mix = o.Mix;
            return new MixedOptions
            {
                Target = target,
                Events = o.Events,
                EventSeats = o.EventSeats,
                HotShare = o.HotShare,
                HotEventSeats = o.HotSeats,
                Organizers = o.Organizers,
                Clients = clients,
                Users = o.Users,
                Duration = o.Duration,
                BrowseWeight = mix.Browse,
                BookWeight = mix.Book,
                CancelWeight = mix.Cancel,
                WaitlistWeight = mix.Waitlist,
                Observer = ui,
                Session = session,
            };
        }

        private async Task<int> SweepAsync(EventlyTarget target)
        {
            var api = new EventlyApi(_http!, o.Url);
            var session = await ShowAsync(() => UserSession.PrepareAsync(api, target, o.Users, ui.Phase, ct));
            var reports = new List<ScenarioReport>();
            double? highest = null;
            foreach (var rate in o.Rates)
            {
                var report = await ShowAsync(() => OpenModel.RunAsync(OpenOptionsFor(target, session, rate), ct));
                reports.Add(report);
                ui.Info($"{rate:N0}/s offered: p50 {report.Latency.P50Ms:N1} ms, p99 {report.Latency.P99Ms:N1} ms, {report.AttemptsPerSecond:N0}/s achieved, errors {report.Errors:N0}");
                if (report.Latency.P99Ms > o.SweepP99Ms || report.Errors > 0)
                {
                    break;
                }

                highest = rate;
            }

            List<string[]> rows = [["offered/s", "achieved/s", "p50 ms", "p99 ms", "max ms", "429", "errors"]];
            rows.AddRange(reports.Select(r => new[] { F(r.OfferedPerSecond ?? 0), F(r.AttemptsPerSecond), F(r.Latency.P50Ms), F(r.Latency.P99Ms), F(r.Latency.MaxMs), F(r.RateLimited), F(r.Errors) }));
            ui.PrintTable($"sweep: highest offered rate with p99 ≤ {o.SweepP99Ms:N0} ms: {(highest is { } h ? h.ToString("N0", CultureInfo.InvariantCulture) + "/s" : "none")}", rows);
            var document = new
            {
                scenario = "sweep",
                timestamp = DateTime.UtcNow,
                machine = ResultFiles.Machine(),
                thresholdP99Ms = o.SweepP99Ms,
                highestRateUnderThreshold = highest,
                points = reports.Select(ResultFiles.Open).ToList(),
                settings = Settings(),
                reports,
            };
            Save("sweep", document, [.. reports.Select(r => ($"open model, {r.OfferedPerSecond:N0}/s offered", r))]);
            return Verdict(reports);
        }

        private FlashSaleOptions FlashSaleOptionsFor(EventlyTarget target, UserSession? session) => new()
        {
            Target = target,
            Seats = o.Seats,
            Clients = o.Clients,
            Users = o.Users,
            MaxQuantity = o.MaxQuantity,
            MaxDuration = o.Timeout,
            Observer = ui,
            Session = session,
        };

        private OpenModelOptions OpenOptionsFor(EventlyTarget target, UserSession? session, double rate) => new()
        {
            Target = target,
            Rate = rate,
            Duration = o.Duration,
            WarmUp = o.WarmUp,
            Seats = o.Has("seats") && o.Scenario == "open" ? o.Seats : 0,
            MaxConnections = o.Clients,
            Users = o.Users,
            MaxQuantity = o.MaxQuantity,
            Observer = ui,
            Session = session,
        };

        private BaselineOptions BaselineOptionsFor(string? db) => new()
        {
            ConnectionString = o.BaselineDb ?? db ?? throw new LoadGeneratorException("the baseline needs --baseline-db or --db (or --start)"),
            Seats = o.Seats,
            Clients = o.Clients,
            MaxConnections = o.MaxConnections,
            MaxQuantity = o.MaxQuantity,
            MaxDuration = o.Timeout,
            Observer = ui,
        };

        private object Document(string scenario, object summary, ScenarioReport report) => new
        {
            scenario,
            timestamp = DateTime.UtcNow,
            machine = ResultFiles.Machine(),
            summary,
            settings = Settings(),
            report,
        };

        private object Settings() => new
        {
            url = o.Url.ToString(),
            seats = o.Seats,
            clients = o.Clients,
            users = o.Users,
            durationSeconds = o.Duration.TotalSeconds,
            rate = o.Rate,
            warmupSeconds = o.WarmUp.TotalSeconds,
            maxQuantity = o.MaxQuantity,
            baselineMaxConnections = o.MaxConnections,
            baselinePools = o.BaselinePools,
            baselineSeats = o.BaselineSeats,
            events = o.Events,
            browseEvents = o.BrowseEvents,
            organizers = o.Organizers,
            mixedClients = o.MixedClients,
            quick = o.Quick,
            started = o.Start,
        };

        private void Save(string scenario, object document, IReadOnlyList<(string, ScenarioReport)> charts)
        {
            var name = $"{scenario}-{stamp}";
            var json = ResultFiles.Write(o.OutDirectory, name, document);
            ui.Info($"results: {json}");
            if (o.NoChart)
            {
                return;
            }

            try
            {
                var png = Path.Combine(o.OutDirectory, name + ".png");
                ChartWriter.Write(png, charts);
                ui.Info($"chart:   {png}");
            }
#pragma warning disable CA1031 // a chart that cannot be drawn (e.g. missing native Skia) must not fail the run
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ui.Warn($"chart not written: {ex.GetType().Name}: {ex.Message}");
            }
        }

        private int Verdict(IReadOnlyList<ScenarioReport> reports)
        {
            var failed = reports.Where(r => r.DatabaseCheck is { Passed: false }).ToList();
            var errors = reports.Sum(r => r.Errors);
            if (failed.Count > 0)
            {
                ui.Error($"database check FAILED for {string.Join(", ", failed.Select(r => r.Scenario))}: {string.Join("; ", failed.SelectMany(r => r.DatabaseCheck!.Problems))}");
                return CheckFailed;
            }

            if (errors > 0 && !o.AllowErrors)
            {
                ui.Error($"{errors:N0} requests failed ({string.Join(", ", reports.SelectMany(r => r.ErrorKinds).Take(6).Select(p => $"{p.Key}: {p.Value:N0}"))}); --allow-errors accepts them");
                return CheckFailed;
            }

            if (reports.All(r => r.DatabaseCheck is null))
            {
                ui.Warn("no database check ran: pass --db (or use --start) to verify 0 oversold and 0 lost");
            }
            else
            {
                ui.Info("database check passed: 0 oversold, 0 lost");
            }

            return Ok;
        }

        private async Task<T> ShowAsync<T>(Func<Task<T>> work)
        {
            var task = work();
            await ui.ShowAsync(task);
            return await task;
        }

        private static string CheckCell(ScenarioReport r) => r.DatabaseChecked ? $"{r.Oversold:N0} / {r.Lost:N0}" : "not checked";

        private static string F(double value) => value.ToString(Math.Abs(value) >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);

        private static string F(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
