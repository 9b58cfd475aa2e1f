using System.Diagnostics;

namespace Evently.Benchmarks;

/// <summary>Wall-clock times of repeated calls, in milliseconds, with their percentiles.</summary>
public sealed class Timings(string name)
{
    private readonly List<double> _milliseconds = [];

    /// <summary>What was measured.</summary>
    public string Name => name;

    /// <summary>Times <paramref name="call"/> <paramref name="iterations"/> times after <paramref name="warmup"/> untimed calls.</summary>
    public static async Task<Timings> MeasureAsync(string name, Func<Task> call, int iterations, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            await call();
        }

        var timings = new Timings(name);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            timings._milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return timings;
    }

    /// <summary>The <paramref name="percentile"/>th percentile (nearest rank).</summary>
    public double Percentile(double percentile)
    {
        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The slowest call.</summary>
    public double Max => _milliseconds.Max();
}
