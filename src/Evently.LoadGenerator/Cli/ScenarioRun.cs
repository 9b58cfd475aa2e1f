using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;
using Evently.LoadGenerator.Terminal;

namespace Evently.LoadGenerator.Cli;

/// <summary>
/// One invocation: starts the system if asked, holds the target and the shared HTTP client, shows progress, writes
/// result files and gives the verdict (the exit code). Disposing it stops what it started.
/// </summary>
internal sealed class ScenarioRun(GeneratorSettings settings, ITerminal ui, CancellationToken ct) : IAsyncDisposable
{
    private ServerProcess? _server;
    private HttpClient? _http;

    public GeneratorSettings Settings => settings;

    public ITerminal Ui => ui;

    public CancellationToken Ct => ct;

    public string Stamp { get; } = ResultFiles.Stamp(DateTime.UtcNow);

    /// <summary>The database the scenario checks (and the baseline runs on): --db, else the one --start found.</summary>
    public string? Db { get; private set; }

    public EventlyTarget Target { get; private set; } = new();

    /// <summary>The HTTP client every HTTP scenario of this run shares (null for the baseline).</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("this scenario runs without HTTP");

    /// <summary>Starts the system (--start) and sets up the target; <paramref name="http"/>: the scenario talks HTTP.</summary>
    public async Task StartAsync(bool http)
    {
        var o = settings;
        Db = o.Db;
        var serverPid = o.ServerPid;
        if (o.Start)
        {
            var root = RepoRoot.Find() ?? throw new LoadGeneratorException("--start: no Evently.sln found above the current directory");
            var startedUtc = DateTime.UtcNow.AddSeconds(-1);
            _server = await ShowAsync(() => ServerProcess.StartAsync(root, o.Url, Path.Combine(o.OutDirectory, $"server-{Stamp}.log"), o.StartTimeout, ui.Phase, ct));
            serverPid ??= _server.AppPid;
            if (Db is null)
            {
                var file = RepoRoot.ReadConnectionFile(root)
                    ?? throw new LoadGeneratorException("--start: the system wrote no .data/postgres/connection.txt; pass --db");
                Db = file.ConnectionString;
                ui.Info($"database check: connection string from {file.Path}");
                if (file.WrittenUtc < startedUtc)
                {
                    ui.Warn($"{file.Path} is older than this start; it may describe another run's database");
                }
            }
        }

        Target = new EventlyTarget
        {
            BaseUrl = o.Url,
            AdminEmail = o.AdminEmail,
            AdminPassword = o.AdminPassword,
            UserEmailPrefix = o.UserPrefix,
            UserPassword = o.UserPassword,
            SetupParallelism = o.SetupParallelism,
            DatabaseConnectionString = Db,
            ShardDatabasePattern = o.ShardPattern,
            ServerPid = serverPid,
            RequestTimeout = o.RequestTimeout,
        };
        if (http)
        {
            _http = HttpClientFactory.Create(o.Url, o.Clients, o.RequestTimeout);
            Target.HttpClient = _http;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CancelCreatedEventsAsync();
        _http?.Dispose();
        if (_server is not null)
        {
            ui.Info("stopping the system");
            await _server.DisposeAsync();
        }
    }

    /// <summary>Unless --keep-events, cancels the events the run created (also after a failure or Ctrl+C): no junk left in browse.</summary>
    private async Task CancelCreatedEventsAsync()
    {
        if (_http is null || settings.KeepEvents || Target.CreatedEvents.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            var failed = await EventCleanup.CancelAllAsync(new EventlyApi(_http, settings.Url), Target, Target.CreatedEvents, ui.Phase, timeout.Token);
            if (failed > 0)
            {
                ui.Warn($"{failed:N0} events this run created could not be cancelled; they stay listed");
            }
        }
        catch (Exception ex) when (ex is LoadGeneratorException or HttpRequestException or OperationCanceledException)
        {
            ui.Warn($"the events this run created were not cancelled: {ex.Message}");
        }
    }

    /// <summary>Runs <paramref name="work"/> with live progress.</summary>
    public async Task<T> ShowAsync<T>(Func<Task<T>> work)
    {
        var task = work();
        await ui.ShowAsync(task);
        return await task;
    }

    /// <summary>The result file of a one-report scenario.</summary>
    public object Document(string scenario, object summary, ScenarioReport report) => new
    {
        scenario,
        timestamp = DateTime.UtcNow,
        machine = ResultFiles.Machine(),
        summary,
        settings = settings.Document(),
        report,
    };

    /// <summary>Prints a one-report scenario, saves its result file and chart, and gives its verdict.</summary>
    public int Finish(string title, string scenario, object summary, ScenarioReport report, string chartTitle)
    {
        ui.PrintReport(title, report);
        Save(scenario, Document(scenario, summary, report), [(chartTitle, report)]);
        return Verdict([report]);
    }

    public void Save(string scenario, object document, IReadOnlyList<(string, ScenarioReport)> charts)
    {
        var name = $"{scenario}-{Stamp}";
        var json = ResultFiles.Write(settings.OutDirectory, name, document);
        ui.Info($"results: {json}");
        if (settings.NoChart)
        {
            return;
        }

        try
        {
            var png = Path.Combine(settings.OutDirectory, name + ".png");
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

    /// <summary>The exit code: a failed database check or (without --allow-errors) any error fails the run.</summary>
    public int Verdict(IReadOnlyList<ScenarioReport> reports)
    {
        var failed = reports.Where(r => r.DatabaseCheck is { Passed: false }).ToList();
        var errors = reports.Sum(r => r.Errors);
        if (failed.Count > 0)
        {
            ui.Error($"database check FAILED for {string.Join(", ", failed.Select(r => r.Scenario))}: {string.Join("; ", failed.SelectMany(r => r.DatabaseCheck!.Problems))}");
            return ExitCodes.CheckFailed;
        }

        if (errors > 0 && !settings.AllowErrors)
        {
            ui.Error($"{errors:N0} requests failed ({string.Join(", ", reports.SelectMany(r => r.ErrorKinds).Take(6).Select(p => $"{p.Key}: {p.Value:N0}"))}); --allow-errors accepts them");
            return ExitCodes.CheckFailed;
        }

        if (reports.All(r => r.DatabaseCheck is null))
        {
            ui.Warn("no database check ran: pass --db (or use --start) to verify 0 oversold and 0 lost");
        }
        else
        {
            ui.Info("database check passed: 0 oversold, 0 lost");
        }

        return ExitCodes.Ok;
    }
}
