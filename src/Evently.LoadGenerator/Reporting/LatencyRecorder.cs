using System.Diagnostics;
using HdrHistogram;

namespace Evently.LoadGenerator.Reporting;

/// <summary>
/// Wait-free latency recording from many threads (HdrHistogram <see cref="Recorder"/> over <see cref="LongHistogram"/>),
/// in microseconds, drained once per interval into a running total.
/// </summary>
internal sealed class LatencyRecorder
{
    /// <summary>Longest latency that can be recorded: 10 minutes; longer values are clamped.</summary>
    public const long HighestMicros = 600_000_000;

    private readonly Recorder _recorder = new(1, HighestMicros, 3, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
    private readonly LongHistogram _total = new(1, HighestMicros, 3);
    private readonly Lock _drainLock = new();
    private HistogramBase? _spare;

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp) => RecordMicros(ToMicros(Stopwatch.GetTimestamp() - startTimestamp));

    /// <summary>Records a latency in microseconds.</summary>
    public void RecordMicros(long micros) => _recorder.RecordValue(Math.Clamp(micros, 1, HighestMicros));

    /// <summary>Moves what was recorded since the last call into the total and returns that interval's histogram.</summary>
    public HistogramBase DrainInterval()
    {
        lock (_drainLock)
        {
            var interval = _spare is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_spare);
            _total.Add(interval);
            _spare = null;
            return interval;
        }
    }

    /// <summary>Gives an interval histogram back for reuse.</summary>
    public void Recycle(HistogramBase interval)
    {
        lock (_drainLock)
        {
            _spare = interval;
        }
    }

    /// <summary>Summary of everything drained so far (call <see cref="DrainInterval"/> first for the latest values).</summary>
    public LatencySummary Total()
    {
        lock (_drainLock)
        {
            return Summarize(_total);
        }
    }

    /// <summary>Percentiles of <paramref name="histogram"/> in ms.</summary>
    public static LatencySummary Summarize(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return new LatencySummary();
        }

        return new LatencySummary
        {
            Count = histogram.TotalCount,
            MeanMs = Math.Round(histogram.GetMean() / 1000.0, 3),
            P50Ms = Ms(histogram.GetValueAtPercentile(50)),
            P95Ms = Ms(histogram.GetValueAtPercentile(95)),
            P99Ms = Ms(histogram.GetValueAtPercentile(99)),
            P999Ms = Ms(histogram.GetValueAtPercentile(99.9)),
            MaxMs = Ms(histogram.GetMaxValue()),
        };
    }

    /// <summary>Converts a <see cref="Stopwatch"/> tick span to microseconds.</summary>
    public static long ToMicros(long stopwatchTicks) => (long)(stopwatchTicks * (1_000_000.0 / Stopwatch.Frequency));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
