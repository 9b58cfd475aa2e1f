using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Hosting;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The open (arrival-rate) model. A scheduler fires request n at <c>start + n / rate</c> without waiting for earlier
/// answers; each latency is measured from that intended time, so a stalled server cannot hide its backlog
/// (no coordinated omission).
/// </summary>
public static class OpenModel
{
    /// <summary>Runs the open model on a new event and checks the database if a connection string was given.</summary>
    public static async Task<ScenarioReport> RunAsync(OpenModelOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rate <= 0 || options.Duration <= TimeSpan.Zero || options.Users < 1 || options.MaxQuantity is < 1 or > 10)
        {
            throw new LoadGeneratorException("rate and duration must be positive, users at least 1, quantity 1..10");
        }

        var target = options.Target;
        var observer = options.Observer;
        using var context = ApiContext.Create(target, options.MaxConnections);
        var api = context.Api;
        var session = options.Session ?? await UserSession.PrepareAsync(api, target, options.Users, observer is null ? null : observer.Phase, ct);

        var needed = options.Rate * (options.Duration + options.WarmUp).TotalSeconds * options.MaxQuantity;
        var seats = options.Seats > 0 ? options.Seats : (int)Math.Min(1_000_000, Math.Ceiling(needed) + 100);
        observer?.Phase($"creating an event of {seats:N0} seats");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var eventId = await api.CreateEventAsync(session.AdminAuthorization, $"Open model {options.Rate:F0}/s {stamp}", "Load Test Arena", seats, 49.90m, ct);
        var bookingUrl = api.BookingUrl(eventId);
        var memory = target.ServerPid is { } pid ? new ServerMemoryProbe(pid) : null;

        var recorders = new List<RunRecorder>();
        if (options.WarmUp > TimeSpan.Zero)
        {
            observer?.Phase($"warming up at {options.Rate:N0}/s for {options.WarmUp.TotalSeconds:N0} s (not measured)");
            var warm = new RunRecorder("open warm-up");
            recorders.Add(warm);
            await RunScheduleAsync(api, bookingUrl, session, options, options.WarmUp, warm, target.RequestTimeout, options.Seed + 1, ct);
        }

        var recorder = new RunRecorder("open")
        {
            Memory = memory,
            Cpu = target.CpuProbe(),
            ProgressTotal = options.Duration.TotalSeconds,
            ProgressBySeconds = true,
        };
        recorders.Add(recorder);
        var report = new ScenarioReport
        {
            Scenario = "open",
            Model = "open",
            Clients = options.MaxConnections,
            Users = session.UserAuthorizations.Count,
            Seats = seats,
            EventId = eventId,
            OfferedPerSecond = options.Rate,
        };
        if (needed > seats)
        {
            report.Notes.Add($"the event may sell out: {needed:N0} seats could be asked for, capacity is {seats:N0}");
        }

        observer?.Running(recorder);
        await RunScheduleAsync(api, bookingUrl, session, options, options.Duration, recorder, target.RequestTimeout, options.Seed, ct);
        recorder.FillReport(report);
        await FlashSale.CheckAsync(report, target, [eventId], recorders, observer, ct);
        return report;
    }

    private static async Task RunScheduleAsync(EventlyApi api, Uri bookingUrl, UserSession session, OpenModelOptions options, TimeSpan duration,
        RunRecorder recorder, TimeSpan requestTimeout, int seed, CancellationToken ct)
    {
        var total = (long)Math.Round(options.Rate * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / options.Rate;
        var random = new Random(seed);
        var users = session.UserAuthorizations;
        var inFlight = new InFlight();
        using var samplerStop = new CancellationTokenSource();

        recorder.Start();
        var sampler = recorder.SampleAsync(samplerStop.Token);
        var start = Stopwatch.GetTimestamp();
        long issued = 0;
        while (issued < total && !ct.IsCancellationRequested)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / ticksPerRequest) + 1);
            while (issued < due)
            {
                var intended = start + (long)(issued * ticksPerRequest);
                var request = new Request(api, bookingUrl, users[(int)(issued % users.Count)], random.Next(1, options.MaxQuantity + 1), intended, recorder, inFlight);
                inFlight.Add();
                ThreadPool.UnsafeQueueUserWorkItem(static r => r.Fire(), request, preferLocal: false);
                issued++;
            }

            // Task.Delay(1) sleeps about a millisecond; requests due meanwhile go out in the next burst, and their
            // latency still counts from their own intended time.
            await Task.Delay(1, CancellationToken.None);
        }

        inFlight.SchedulingDone();
        await Task.WhenAny(inFlight.Drained, Task.Delay(requestTimeout + TimeSpan.FromSeconds(5), CancellationToken.None));
        recorder.Stop();
        await samplerStop.CancelAsync();
        await sampler;
        if (inFlight.Count > 0)
        {
            recorder.Error("still in flight at the end", ambiguous: true);
        }
    }

    /// <summary>Counts outstanding requests and completes when scheduling is over and none is left.</summary>
    private sealed class InFlight
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _count;
        private volatile bool _schedulingDone;

        public Task Drained => _drained.Task;

        public long Count => Interlocked.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);

        public void Done()
        {
            if (Interlocked.Decrement(ref _count) == 0 && _schedulingDone)
            {
                _drained.TrySetResult();
            }
        }

        public void SchedulingDone()
        {
            _schedulingDone = true;
            if (Interlocked.Read(ref _count) == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>One scheduled booking.</summary>
    private sealed class Request(EventlyApi api, Uri url, string authorization, int quantity, long intended, RunRecorder recorder, InFlight inFlight)
    {
        public void Fire() => _ = RunAsync();

        private async Task RunAsync()
        {
            try
            {
                recorder.Attempt();
                var answer = await api.BookAsync(url, authorization, quantity, CancellationToken.None);
                recorder.Latency.RecordMicros(LatencyRecorder.ToMicros(Stopwatch.GetTimestamp() - intended));
                switch (answer.Status)
                {
                    case 201 when JsonScan.Booking(answer.Body) is { } made:
                        recorder.Confirm(made.Id, (int)(made.Quantity ?? quantity));
                        break;
                    case 409 when answer.Code == "sold_out":
                        recorder.SoldOutAnswer();
                        break;
                    case 429:
                        recorder.RateLimitedAnswer();
                        break;
                    default:
                        recorder.Error(answer.Status == 201 ? "201 without id" : answer.ErrorKind, answer.Status == 201 || answer.IsAmbiguous);
                        break;
                }
            }
#pragma warning disable CA1031 // count every failure, never lose the in-flight count
            catch (Exception ex)
#pragma warning restore CA1031
            {
                recorder.Latency.RecordMicros(LatencyRecorder.ToMicros(Stopwatch.GetTimestamp() - intended));
                recorder.Error(ex.GetType().Name, ambiguous: true);
            }
            finally
            {
                inFlight.Done();
            }
        }
    }
}
