using System.Diagnostics;
using Evently.LoadGenerator.Hosting;
using HdrHistogram;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>What <see cref="UnknownIds"/> measured.</summary>
public sealed record UnknownIdsReport(
    int Requests, int NotFound, int Other, double RequestsPerSecond, double P50Ms, double P99Ms,
    long? ResidentBeforeBytes, long? ResidentAfterBytes, long? ResidentSettledBytes)
{
    /// <summary>Resident memory growth from before the run to a few seconds after it, in MiB.</summary>
    public double? GrowthMiB => ResidentBeforeBytes is { } before && ResidentSettledBytes is { } after ? (after - before) / 1048576.0 : null;
}

/// <summary>
/// Anonymous <c>GET /events/{id}</c> for ids that do not exist, many at once: each must be a quick 404 that leaves no
/// activation (and no memory) behind. Reports the server's resident memory before, right after and after a settle.
/// </summary>
public static class UnknownIds
{
    /// <summary>Sends <paramref name="requests"/> requests from <paramref name="clients"/> workers.</summary>
    public static async Task<UnknownIdsReport> RunAsync(HttpClient http, int requests, int clients, int? serverPid, CancellationToken ct)
    {
        var probe = serverPid is { } pid ? new ServerMemoryProbe(pid) : null;

        // A warm-up, so the first-use costs (JIT, pools) are not counted as growth.
        await SendAsync(http, Math.Min(2_000, requests), clients, new LongHistogram(600_000_000, 3), ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var before = probe?.ResidentBytes();
        var histogram = new LongHistogram(600_000_000, 3);
        var clock = Stopwatch.StartNew();
        var (notFound, other) = await SendAsync(http, requests, clients, histogram, ct);
        var elapsed = clock.Elapsed;
        var after = probe?.ResidentBytes();
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var settled = probe?.ResidentBytes();
        return new UnknownIdsReport(requests, notFound, other, requests / elapsed.TotalSeconds,
            histogram.GetValueAtPercentile(50) / 1000.0, histogram.GetValueAtPercentile(99) / 1000.0, before, after, settled);
    }

    private static async Task<(int NotFound, int Other)> SendAsync(HttpClient http, int requests, int clients, LongHistogram histogram, CancellationToken ct)
    {
        var next = -1;
        var notFound = 0;
        var other = 0;
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(new Uri($"/api/v1/events/{Guid.NewGuid()}", UriKind.Relative), ct);
                var micros = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                lock (gate)
                {
                    histogram.RecordValue(Math.Clamp(micros, 1, 600_000_000));
                }

                if ((int)response.StatusCode == 404)
                {
                    Interlocked.Increment(ref notFound);
                }
                else
                {
                    Interlocked.Increment(ref other);
                }
            }
        }));
        return (notFound, other);
    }
}
