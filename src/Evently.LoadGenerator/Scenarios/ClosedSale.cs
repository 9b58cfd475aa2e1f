using System.Globalization;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// What every closed-model sale of one event does (<c>flash-sale</c>, <c>--checkout</c>, <c>--seated</c>): users ready
/// before the clock, the event created, connections warmed, K client loops until it is sold out (or the deadline, or
/// too many errors), the report filled and the database checked. A variant says only how it creates its event, what
/// one attempt of a client is, and what it adds to the report and to the check.
/// </summary>
internal abstract class ClosedSale(FlashSaleOptions options)
{
    protected FlashSaleOptions Options => options;

    protected EventlyApi Api { get; private set; } = null!;

    protected Guid EventId { get; private set; }

    protected SaleState State { get; } = new(options.MaxErrors, options.Clients);

    /// <summary>The recorder's label; also the report's scenario unless <see cref="Scenario"/> says otherwise.</summary>
    protected abstract string Label { get; }

    protected virtual string Scenario => Label;

    protected virtual string? Variant => null;

    /// <summary>Whether the recorder samples the server's memory and the CPU of every party.</summary>
    protected virtual bool ProbesServer => true;

    /// <summary>Creates the sale's event (and whatever it needs) before the clock starts.</summary>
    protected abstract Task<Guid> CreateEventAsync(UserSession session, CancellationToken ct);

    /// <summary>One attempt of one client; the loop repeats it until the sale stops.</summary>
    protected abstract Task AttemptAsync(SaleClient client, CancellationToken ct);

    /// <summary>Runs beside the clients (from just before they start until they stop).</summary>
    protected virtual Task BesideClientsAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Adds the variant's own figures to the report once the clients stopped.</summary>
    protected virtual Task ReportAsync(ScenarioReport report, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Adds the variant's own database checks to a check that ran.</summary>
    protected virtual Task CheckMoreAsync(ScenarioReport report, DatabaseCheckResult check, string connectionString, CancellationToken ct) => Task.CompletedTask;

    public async Task<ScenarioReport> RunAsync(CancellationToken ct)
    {
        FlashSale.Validate(options);
        var target = options.Target;
        var observer = options.Observer;
        using var context = ApiContext.Create(target, options.Clients);
        Api = context.Api;
        var session = options.Session ?? await UserSession.PrepareAsync(Api, target, options.Users, observer is null ? null : observer.Phase, ct);

        EventId = await CreateEventAsync(session, ct);
        if (options.WarmUp)
        {
            observer?.Phase($"warming up {options.Clients} connections");
            await FlashSale.WarmUpAsync(Api, EventId, options.Clients, ct);
        }

        var recorder = new RunRecorder(Label)
        {
            Memory = ProbesServer && target.ServerPid is { } pid ? new ServerMemoryProbe(pid) : null,
            Cpu = ProbesServer ? target.CpuProbe() : null,
            ProgressTotal = options.Seats,
        };
        var report = new ScenarioReport
        {
            Scenario = Scenario,
            Model = "closed",
            Variant = Variant,
            Clients = options.Clients,
            Users = session.UserAuthorizations.Count,
            Seats = options.Seats,
            EventId = EventId,
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.MaxDuration);
        using var besideStop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var beside = BesideClientsAsync(besideStop.Token);
        observer?.Running(recorder);
        await recorder.RunClientsAsync(options.Clients, i => ClientLoopAsync(new SaleClient(i, session, options, recorder, State), deadline.Token));
        await besideStop.CancelAsync();
        await beside;
        ct.ThrowIfCancellationRequested();

        recorder.FillReport(report);
        await ReportAsync(report, ct);
        if (!State.SoldOut)
        {
            report.Notes.Add(State.AbortReason ?? (deadline.IsCancellationRequested
                ? $"stopped after {options.MaxDuration.TotalSeconds:N0} s before the event sold out"
                : "stopped before the event sold out"));
        }

        await FlashSale.CheckAsync(report, target, [EventId], [recorder], observer, ct);
        if (report.DatabaseCheck is { } check && target.DatabaseConnectionString is { Length: > 0 } cs)
        {
            await CheckMoreAsync(report, check, cs, ct);
        }

        return report;
    }

    /// <summary>The event's name: the sale's kind and the time it was created.</summary>
    protected static string EventName(string kind) => $"{kind} {DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";

    private async Task ClientLoopAsync(SaleClient client, CancellationToken ct)
    {
        while (!State.Stopped && !ct.IsCancellationRequested)
        {
            await AttemptAsync(client, ct);
        }
    }
}
