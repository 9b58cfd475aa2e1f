using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Database;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>The closed-model flash sale over HTTP.</summary>
public static class FlashSale
{
    /// <summary>
    /// Prepares users (before the clock), creates one event of <see cref="FlashSaleOptions.Seats"/> seats, runs
    /// <see cref="FlashSaleOptions.Clients"/> clients until it is sold out, then checks the database if a connection
    /// string was given. Prints nothing.
    /// </summary>
    public static async Task<ScenarioReport> RunAsync(FlashSaleOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var target = options.Target;
        var observer = options.Observer;
        using var context = ApiContext.Create(target, options.Clients);
        var api = context.Api;
        var session = options.Session ?? await UserSession.PrepareAsync(api, target, options.Users, observer is null ? null : observer.Phase, ct);

        observer?.Phase($"creating an event of {options.Seats:N0} seats");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var eventId = await api.CreateEventAsync(session.AdminAuthorization, $"Flash sale {stamp}", "Load Test Arena", options.Seats, 49.90m, ct);
        if (options.WarmUp)
        {
            observer?.Phase($"warming up {options.Clients} connections");
            await WarmUpAsync(api, eventId, options.Clients, ct);
        }

        var recorder = new RunRecorder("flash-sale")
        {
            Memory = target.ServerPid is { } pid ? new ServerMemoryProbe(pid) : null,
            Cpu = target.CpuProbe(),
            ProgressTotal = options.Seats,
        };
        var report = new ScenarioReport
        {
            Scenario = "flash-sale",
            Model = "closed",
            Clients = options.Clients,
            Users = session.UserAuthorizations.Count,
            Seats = options.Seats,
            EventId = eventId,
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.MaxDuration);
        var state = new SaleState(options.MaxErrors);
        var bookingUrl = api.BookingUrl(eventId);

        observer?.Running(recorder);
        await recorder.RunClientsAsync(options.Clients, client => ClientLoopAsync(client, api, bookingUrl, session, options, recorder, state, deadline.Token));
        ct.ThrowIfCancellationRequested();

        recorder.FillReport(report);
        if (!state.SoldOut)
        {
            report.Notes.Add(state.AbortReason ?? (deadline.IsCancellationRequested
                ? $"stopped after {options.MaxDuration.TotalSeconds:N0} s before the event sold out"
                : "stopped before the event sold out"));
        }

        await CheckAsync(report, target, [eventId], [recorder], observer, ct);
        return report;
    }

    internal static void Validate(FlashSaleOptions options)
    {
        if (options.Seats is < 1 or > 1_000_000)
        {
            throw new LoadGeneratorException("seats must be 1..1,000,000");
        }

        if (options.Clients < 1 || options.Users < 1 || options.MaxQuantity is < 1 or > 10)
        {
            throw new LoadGeneratorException("clients and users must be at least 1, quantity 1..10");
        }
    }

    /// <summary>Opens up to <paramref name="connections"/> connections and activates the event before the clock starts.</summary>
    internal static async Task WarmUpAsync(EventlyApi api, Guid eventId, int connections, CancellationToken ct)
    {
        var url = api.Url($"api/v1/events/{eventId}");
        var tasks = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            tasks[i] = api.SendAsync(HttpMethod.Get, url, null, null, null, ct);
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>Runs the database check if a connection string was given and stores it in the report.</summary>
    internal static async Task CheckAsync(ScenarioReport report, EventlyTarget target, IReadOnlyCollection<Guid> eventIds, IReadOnlyList<RunRecorder> recorders, IRunObserver? observer, CancellationToken ct)
    {
        if (target.DatabaseConnectionString is not { Length: > 0 } cs)
        {
            report.Notes.Add("no database connection string: database check skipped");
            return;
        }

        observer?.Phase("checking the database");
        var view = new DatabaseCheck.ClientView
        {
            EventIds = eventIds,
            Acknowledged = [.. recorders.SelectMany(r => r.Acknowledged)],
            CancelledByClient = [.. recorders.SelectMany(r => r.CancelledByClient)],
            AmbiguousErrors = recorders.Sum(r => r.Ambiguous),
        };
        report.DatabaseCheck = await DatabaseCheck.CheckEventlyAsync(cs, target.ShardDatabasePattern, view, ct);
    }

    private static async Task ClientLoopAsync(int client, EventlyApi api, Uri bookingUrl, UserSession session, FlashSaleOptions options, RunRecorder recorder, SaleState state, CancellationToken ct)
    {
        var random = new Random(options.Seed + client);
        var users = session.UserAuthorizations;
        var authorization = users[client % users.Count];
        var limit = options.MaxQuantity;
        while (!state.Stopped && !ct.IsCancellationRequested)
        {
            var quantity = random.Next(1, limit + 1);
            recorder.Attempt();
            var started = Stopwatch.GetTimestamp();
            ApiAnswer answer;
            try
            {
                // Never cancelled mid-flight: a cancelled request could still commit without the client knowing.
                answer = await api.BookAsync(bookingUrl, authorization, quantity, CancellationToken.None);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // a client loop must survive any failure and count it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                recorder.Latency.RecordSince(started);
                recorder.Error(ex.GetType().Name, ambiguous: true);
                state.CountError(recorder);
                continue;
            }

            recorder.Latency.RecordSince(started);
            switch (answer.Status)
            {
                case 201:
                    if (JsonScan.Booking(answer.Body) is { } made)
                    {
                        recorder.Confirm(made.Id, (int)(made.Quantity ?? quantity));
                    }
                    else
                    {
                        recorder.Error("201 without id", ambiguous: true);
                        state.CountError(recorder);
                    }

                    break;
                case 409 when answer.Code == "sold_out":
                    recorder.SoldOutAnswer();
                    var available = JsonScan.Int64(answer.Body, "availableSeats") ?? 0;
                    if (available <= 0)
                    {
                        state.MarkSoldOut();
                    }
                    else
                    {
                        limit = (int)Math.Min(limit, available);
                    }

                    break;
                case 429:
                    recorder.RateLimitedAnswer();
                    await DelayAsync(Backoff.After429(answer.RetryAfter, random), ct);
                    break;
                default:
                    recorder.Error(answer.ErrorKind, answer.IsAmbiguous);
                    state.CountError(recorder);
                    if (answer.IsTransportError || answer.Status == 503)
                    {
                        await DelayAsync(TimeSpan.FromMilliseconds(20), ct);
                    }

                    break;
            }
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Shared stop flags of one sale.</summary>
    private sealed class SaleState(long maxErrors)
    {
        private volatile bool _soldOut;
        private volatile string? _abortReason;

        public bool SoldOut => _soldOut;

        public bool Stopped => _soldOut || _abortReason is not null;

        public string? AbortReason => _abortReason;

        public void MarkSoldOut() => _soldOut = true;

        public void CountError(RunRecorder recorder)
        {
            if (recorder.Errors >= maxErrors && _abortReason is null)
            {
                _abortReason = $"stopped after {recorder.Errors} errors";
            }
        }
    }
}
