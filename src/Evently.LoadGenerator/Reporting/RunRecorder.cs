using System.Collections.Concurrent;
using Evently.LoadGenerator.Hosting;

namespace Evently.LoadGenerator.Reporting;

/// <summary>
/// Counters, latencies, acknowledged booking ids and the timeline (rates per second, sampled ever more sparsely, at
/// most a second apart) of one run. Thread-safe; the hot path is a few interlocked increments and a wait-free
/// histogram record.
/// </summary>
internal sealed class RunRecorder
{
    private long _attempts;
    private long _confirmed;
    private long _confirmedSeats;
    private long _soldOut;
    private long _rateLimited;
    private long _errors;
    private long _ambiguous;
    private long _startTimestamp;
    private long _endTimestamp;
    private CpuSample? _cpuAtStart;
    private CpuSample? _cpuAtStop;
    private readonly ConcurrentDictionary<string, long> _errorKinds = new(StringComparer.Ordinal);
    private readonly List<TimelinePoint> _timeline = [];
    private readonly Lock _timelineLock = new();

    public RunRecorder(string label) => Label = label;

    /// <summary>The clock of the run and of its sampler (tests: a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Short name shown in progress output.</summary>
    public string Label { get; }

    /// <summary>Latencies of every answered attempt.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Ids and seat counts of bookings acknowledged as confirmed.</summary>
    public ConcurrentQueue<(Guid Id, int Quantity)> Acknowledged { get; } = new();

    /// <summary>Ids of acknowledged bookings the client cancelled itself (200 on cancel).</summary>
    public ConcurrentQueue<Guid> CancelledByClient { get; } = new();

    /// <summary>Server process to sample for memory, if known.</summary>
    public ServerMemoryProbe? Memory { get; init; }

    /// <summary>Client, server and database CPU, sampled at <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public CpuProbe? Cpu { get; init; }

    /// <summary>Denominator of the progress bar (seats, or seconds for timed runs); 0 when unknown.</summary>
    public double ProgressTotal { get; init; }

    /// <summary>Progress counts elapsed seconds (timed runs) instead of confirmed seats.</summary>
    public bool ProgressBySeconds { get; init; }

    /// <summary>Current numerator of the progress bar.</summary>
    public double ProgressValue => ProgressBySeconds ? ElapsedSeconds : ConfirmedSeats;

    public long Attempts => Interlocked.Read(ref _attempts);

    public long Confirmed => Interlocked.Read(ref _confirmed);

    public long ConfirmedSeats => Interlocked.Read(ref _confirmedSeats);

    public long SoldOut => Interlocked.Read(ref _soldOut);

    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public long Errors => Interlocked.Read(ref _errors);

    public long Ambiguous => Interlocked.Read(ref _ambiguous);

    public bool IsRunning => Interlocked.Read(ref _startTimestamp) != 0 && Interlocked.Read(ref _endTimestamp) == 0;

    /// <summary>Seconds since <see cref="Start"/> (frozen at <see cref="Stop"/>).</summary>
    public double ElapsedSeconds
    {
        get
        {
            var start = Interlocked.Read(ref _startTimestamp);
            if (start == 0)
            {
                return 0;
            }

            var end = Interlocked.Read(ref _endTimestamp);
            return Time.GetElapsedTime(start, end == 0 ? Time.GetTimestamp() : end).TotalSeconds;
        }
    }

    public void Start()
    {
        _cpuAtStart = Cpu?.Sample();
        Interlocked.Exchange(ref _startTimestamp, Time.GetTimestamp());
    }

    public void Stop()
    {
        if (Interlocked.CompareExchange(ref _endTimestamp, Time.GetTimestamp(), 0) == 0)
        {
            _cpuAtStop = Cpu?.Sample();
        }
    }

    public void Attempt() => Interlocked.Increment(ref _attempts);

    public void Confirm(Guid bookingId, int quantity)
    {
        Interlocked.Increment(ref _confirmed);
        Interlocked.Add(ref _confirmedSeats, quantity);
        Acknowledged.Enqueue((bookingId, quantity));
    }

    public void SoldOutAnswer() => Interlocked.Increment(ref _soldOut);

    public void RateLimitedAnswer() => Interlocked.Increment(ref _rateLimited);

    /// <summary>Counts an error of <paramref name="kind"/>; <paramref name="ambiguous"/> when its outcome is unknown.</summary>
    public void Error(string kind, bool ambiguous)
    {
        Interlocked.Increment(ref _errors);
        if (ambiguous)
        {
            Interlocked.Increment(ref _ambiguous);
        }

        _errorKinds.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    }

    /// <summary>Runs <paramref name="clients"/> concurrent client loops between <see cref="Start"/> and <see cref="Stop"/>, sampling the timeline meanwhile.</summary>
    public async Task RunClientsAsync(int clients, Func<int, Task> clientLoop)
    {
        using var samplerStop = new CancellationTokenSource();
        Start();
        var sampler = SampleAsync(samplerStop.Token);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => clientLoop(i), CancellationToken.None)));
        }
        finally
        {
            Stop();
            await samplerStop.CancelAsync();
            await sampler;
        }
    }

    /// <summary>
    /// Samples until <paramref name="ct"/> is cancelled, appending to the timeline, every <see cref="SampleInterval"/>:
    /// a sale that sells out in half a second still draws a line, a long run one point a second.
    /// </summary>
    public async Task SampleAsync(CancellationToken ct)
    {
        var gate = new Lock();
        var last = (Attempts: 0L, Confirmed: 0L, At: Time.GetTimestamp());
        var stopped = false;
        ITimer? timer = null;

        // A one-shot timer re-armed by each sample: the next wait is measured from the sample, whatever the clock.
        void Tick()
        {
            lock (gate)
            {
                if (!stopped)
                {
                    last = SampleOnce(last.Attempts, last.Confirmed, last.At);
                    timer!.Change(SampleInterval(TimeSpan.FromSeconds(ElapsedSeconds)), Timeout.InfiniteTimeSpan);
                }
            }
        }

        timer = Time.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await using (timer)
        {
            lock (gate)
            {
                timer.Change(SampleInterval(TimeSpan.FromSeconds(ElapsedSeconds)), Timeout.InfiniteTimeSpan);
            }

            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
            catch (OperationCanceledException)
            {
            }

            lock (gate)
            {
                stopped = true;
                SampleOnce(last.Attempts, last.Confirmed, last.At);
            }
        }
    }

    private (long, long, long) SampleOnce(long lastAttempts, long lastConfirmed, long lastAt)
    {
        var now = Time.GetTimestamp();
        var seconds = Math.Max(Time.GetElapsedTime(lastAt, now).TotalSeconds, 1e-3);
        var interval = Latency.DrainInterval();
        var attempts = Attempts;
        var confirmed = Confirmed;
        var summary = LatencyRecorder.Summarize(interval);
        Latency.Recycle(interval);
        var rss = Memory?.ResidentBytes();
        lock (_timelineLock)
        {
            _timeline.Add(new TimelinePoint
            {
                Second = Math.Round(ElapsedSeconds, 3),
                AttemptsPerSecond = Math.Round((attempts - lastAttempts) / seconds, 1),
                ConfirmedPerSecond = Math.Round((confirmed - lastConfirmed) / seconds, 1),
                P99Ms = summary.P99Ms,
                P50Ms = summary.P50Ms,
                ServerRssMiB = rss is { } b ? Math.Round(b / 1048576.0, 1) : null,
            });
        }

        return (attempts, confirmed, now);
    }

    /// <summary>
    /// The wait before the next sample after <paramref name="elapsed"/> of the run: a fortieth of it, between 20 ms and
    /// 1 s, so a run has about 20 points in its first 0.8 s, then points that thin out to one a second after 40 s.
    /// </summary>
    internal static TimeSpan SampleInterval(TimeSpan elapsed) =>
        TimeSpan.FromTicks(Math.Clamp(elapsed.Ticks / 40, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>Fills the measured part of a report (counters, rates, latency, timeline, memory).</summary>
    public void FillReport(ScenarioReport report)
    {
        Latency.DrainInterval();
        report.DurationSeconds = Math.Round(ElapsedSeconds, 3);
        report.Attempts = Attempts;
        report.Confirmed = Confirmed;
        report.ConfirmedSeats = ConfirmedSeats;
        report.SoldOut = SoldOut;
        report.RateLimited = RateLimited;
        report.Errors = Errors;
        report.AmbiguousErrors = Ambiguous;
        foreach (var (kind, count) in _errorKinds.OrderByDescending(p => p.Value))
        {
            report.ErrorKinds[kind] = count;
        }

        var seconds = Math.Max(report.DurationSeconds, 1e-3);
        report.ConfirmedPerSecond = Math.Round(report.Confirmed / seconds, 1);
        report.AttemptsPerSecond = Math.Round(report.Attempts / seconds, 1);
        report.Latency = Latency.Total();
        report.ServerPeakMemoryBytes = Memory?.PeakBytes();
        report.CpuPerRequest = CpuPerAttempt(_cpuAtStart, _cpuAtStop, report.Attempts);
        lock (_timelineLock)
        {
            report.Timeline.AddRange(_timeline);
        }
    }

    /// <summary>CPU milliseconds per attempt between two samples; null without both samples or attempts.</summary>
    internal static CpuCost? CpuPerAttempt(CpuSample? start, CpuSample? stop, long attempts)
    {
        if (start is not { } a || stop is not { } b || attempts <= 0)
        {
            return null;
        }

        static double? PerAttempt(double? from, double? to, long n) =>
            from is { } f && to is { } t ? Math.Round((t - f) * 1000.0 / n, 4) : null;

        return new CpuCost
        {
            ClientMs = PerAttempt(a.ClientSeconds, b.ClientSeconds, attempts) ?? 0,
            ServerMs = PerAttempt(a.ServerSeconds, b.ServerSeconds, attempts),
            DatabaseMs = PerAttempt(a.DatabaseSeconds, b.DatabaseSeconds, attempts),
        };
    }
}
