using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The flash sale with a checkout step (<c>flash-sale --checkout</c>): each client holds 1..MaxQuantity seats, thinks
/// (pays elsewhere) for <see cref="CheckoutOptions.Think"/>, then confirms the hold into a booking or, for
/// <see cref="CheckoutOptions.AbandonShare"/> of them, walks away and releases it. Runs until the event is sold out and
/// nothing is held any more. Bookings (confirmed holds) are checked in the database like the plain sale's.
/// </summary>
public static class CheckoutSale
{
    public static async Task<ScenarioReport> RunAsync(FlashSaleOptions options, CheckoutOptions checkout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checkout);
        FlashSale.Validate(options);
        var target = options.Target;
        var observer = options.Observer;
        using var context = ApiContext.Create(target, options.Clients);
        var api = context.Api;
        var session = options.Session ?? await UserSession.PrepareAsync(api, target, options.Users, observer is null ? null : observer.Phase, ct);

        observer?.Phase($"creating an event of {options.Seats:N0} seats, holds of {checkout.HoldMinutes} min");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var eventId = await api.CreateEventAsync(session.AdminAuthorization, $"Checkout sale {stamp}", "Load Test Arena", options.Seats, 49.90m, ct, holdMinutes: checkout.HoldMinutes);
        if (options.WarmUp)
        {
            observer?.Phase($"warming up {options.Clients} connections");
            await FlashSale.WarmUpAsync(api, eventId, options.Clients, ct);
        }

        var recorder = new RunRecorder("flash-sale-checkout")
        {
            Memory = target.ServerPid is { } pid ? new ServerMemoryProbe(pid) : null,
            Cpu = target.CpuProbe(),
            ProgressTotal = options.Seats,
        };
        var report = new ScenarioReport
        {
            Scenario = "flash-sale-checkout",
            Model = "closed",
            Clients = options.Clients,
            Users = session.UserAuthorizations.Count,
            Seats = options.Seats,
            EventId = eventId,
        };
        var stats = new CheckoutStats();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.MaxDuration);
        var state = new CheckoutState(options.MaxErrors);

        observer?.Running(recorder);
        var started = Stopwatch.GetTimestamp();
        await recorder.RunClientsAsync(options.Clients, client => ClientLoopAsync(client, api, eventId, session, options, checkout, recorder, stats, state, deadline.Token));
        stats.Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        ct.ThrowIfCancellationRequested();

        recorder.FillReport(report);
        report.Checkout = stats;
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"checkout: {stats.Holds:N0} holds ({stats.HoldsPerSecond:N0}/s of {stats.HoldAttempts:N0} attempts), {stats.Confirmed:N0} confirmed ({stats.ConfirmsPerSecond:N0}/s), "
            + $"{stats.Released:N0} abandoned and released, {stats.ExpiredAtConfirm:N0} expired at confirm; conversion {stats.Conversion:P1}; think {checkout.Think.TotalMilliseconds:N0} ms, abandon share {checkout.AbandonShare:P0}"));
        if (await HeldSeatsAsync(api, eventId, ct) is > 0 and var held)
        {
            report.Notes.Add($"{held} seats still held at the end by holds whose creation answer was lost; they expire after {checkout.HoldMinutes} min");
        }

        if (!state.SoldOut)
        {
            report.Notes.Add(state.AbortReason ?? (deadline.IsCancellationRequested
                ? $"stopped after {options.MaxDuration.TotalSeconds:N0} s before the event sold out"
                : "stopped before the event sold out"));
        }

        await FlashSale.CheckAsync(report, target, [eventId], [recorder], observer, ct);
        if (report.DatabaseCheck is { } check && target.DatabaseConnectionString is { Length: > 0 } cs)
        {
            await Database.HoldCheck.AddAsync(report, check, cs, eventId, ct);
        }

        return report;
    }

    private static async Task ClientLoopAsync(
        int client, EventlyApi api, Guid eventId, UserSession session, FlashSaleOptions options, CheckoutOptions checkout,
        RunRecorder recorder, CheckoutStats stats, CheckoutState state, CancellationToken ct)
    {
        var random = new Random(options.Seed + client);
        var users = session.UserAuthorizations;
        var authorization = users[client % users.Count];
        while (!state.Stopped && !ct.IsCancellationRequested)
        {
            var quantity = random.Next(1, options.MaxQuantity + 1);
            recorder.Attempt();
            stats.HoldAttempt();
            var begun = Stopwatch.GetTimestamp();

            // From the hold request to the end of its checkout this client may still take or give back seats.
            state.CheckoutStarted();
            try
            {
                await HoldAndCheckOutAsync(api, eventId, authorization, quantity, begun, checkout, random, recorder, stats, state, ct);
            }
            finally
            {
                state.CheckoutEnded();
            }
        }
    }

    private static async Task HoldAndCheckOutAsync(
        EventlyApi api, Guid eventId, string authorization, int quantity, long begun, CheckoutOptions checkout, Random random,
        RunRecorder recorder, CheckoutStats stats, CheckoutState state, CancellationToken ct)
    {
        {
            var hold = await api.HoldAsync(eventId, authorization, quantity, CancellationToken.None);
            recorder.Latency.RecordSince(begun);
            switch (hold.Status)
            {
                case 201 when JsonScan.Guid(hold.Body, "id") is { } holdId:
                    stats.Held();
                    await CheckOutAsync(api, holdId, authorization, quantity, checkout, random, recorder, stats, state, ct);

                    break;
                case 409 when hold.Code == "sold_out":
                    recorder.SoldOutAnswer();
                    // Sold out once nothing is free and no checkout is under way (an abandoned one gives seats back). Seats
                    // of holds whose creation answer was lost stay held until they expire; the report counts them.
                    if ((JsonScan.Int64(hold.Body, "availableSeats") ?? 0) == 0 && state.InFlight == 1)
                    {
                        state.MarkSoldOut();
                    }
                    else
                    {
                        await DelayAsync(TimeSpan.FromMilliseconds(20), ct);
                    }

                    break;
                case 429:
                    recorder.RateLimitedAnswer();
                    await DelayAsync(Backoff.After429(hold.RetryAfter, random), ct);
                    break;
                default:
                    recorder.Error($"hold {hold.ErrorKind}", hold.IsAmbiguous);
                    state.CountError(recorder);
                    await DelayAsync(TimeSpan.FromMilliseconds(20), ct);
                    break;
            }
        }
    }

    private static async Task CheckOutAsync(
        EventlyApi api, Guid holdId, string authorization, int quantity, CheckoutOptions checkout, Random random, RunRecorder recorder,
        CheckoutStats stats, CheckoutState state, CancellationToken ct)
    {
        await DelayAsync(checkout.Think, ct);
        if (random.NextDouble() < checkout.AbandonShare)
        {
            var released = await RetriedAsync(() => api.ReleaseHoldAsync(holdId, authorization, CancellationToken.None), ct);
            if (released.Status == 204)
            {
                stats.ReleasedOne();
            }
            else
            {
                recorder.Error($"release {released.ErrorKind}", released.IsAmbiguous);
                state.CountError(recorder);
            }

            return;
        }

        stats.ConfirmAttempt();
        // A confirm whose answer was lost (or that did nothing, 503) is simply sent again: a repeat is the same booking.
        var confirm = await RetriedAsync(() => api.ConfirmHoldAsync(holdId, authorization, CancellationToken.None), ct);
        if (confirm.Status == 200)
        {
            confirm = confirm with { Status = 201 };
        }

        switch (confirm.Status)
        {
            case 201 when JsonScan.Guid(confirm.Body, "id") is { } bookingId:
                stats.ConfirmedOne();
                recorder.Confirm(bookingId, (int)(JsonScan.Int64(confirm.Body, "quantity") ?? quantity));
                break;
            case 409 when confirm.Code == "hold_expired":
                stats.ExpiredOne();
                break;
            default:
                recorder.Error($"confirm {confirm.ErrorKind}", confirm.IsAmbiguous);
                state.CountError(recorder);
                break;
        }
    }

    private static async Task<ApiAnswer> RetriedAsync(Func<Task<ApiAnswer>> send, CancellationToken ct)
    {
        var answer = await send();
        for (var attempt = 1; attempt < 5 && (answer.IsTransportError || answer.Status is 503 or 504 or 429); attempt++)
        {
            await DelayAsync(TimeSpan.FromMilliseconds(100 * attempt), ct);
            answer = await send();
        }

        return answer;
    }

    /// <summary>Seats still held once the clients stopped: holds whose creation answer was lost, expiring later.</summary>
    private static async Task<long?> HeldSeatsAsync(EventlyApi api, Guid eventId, CancellationToken ct)
    {
        var read = await api.GetAsync($"api/v1/events/{eventId}", null, ct);
        return read.Status == 200 ? JsonScan.Int64(read.Body, "heldSeats") : null;
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

    private sealed class CheckoutState(long maxErrors)
    {
        private volatile bool _soldOut;
        private volatile string? _abortReason;
        private int _inFlight;

        public int InFlight => Volatile.Read(ref _inFlight);

        public void CheckoutStarted() => Interlocked.Increment(ref _inFlight);

        public void CheckoutEnded() => Interlocked.Decrement(ref _inFlight);

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

/// <summary>The checkout step of <c>flash-sale --checkout</c>.</summary>
public sealed class CheckoutOptions
{
    /// <summary>How long a buyer pays before confirming (or abandoning).</summary>
    public TimeSpan Think { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of holds abandoned (released) instead of confirmed.</summary>
    public double AbandonShare { get; set; } = 0.2;

    /// <summary>The event's hold length.</summary>
    public int HoldMinutes { get; set; } = 10;
}
