using System.Diagnostics;
using Evently.LoadGenerator.Hosting;
using HdrHistogram;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>What <see cref="UnknownIds"/> measured: two rounds of the same requests, and the server's resident memory around them.</summary>
public sealed record UnknownIdsReport(
    int Requests, int NotFound, int Other, double RequestsPerSecond, double P50Ms, double P99Ms,
    long? ResidentBeforeBytes, long? ResidentAfterFirstBytes, long? ResidentAfterSecondBytes)
{
    /// <summary>Growth over the first round (heaps and pools reaching their working size, plus anything kept), in MiB.</summary>
    public double? FirstRoundGrowthMiB => Growth(ResidentBeforeBytes, ResidentAfterFirstBytes);

    /// <summary>Growth over the second round: what the requests leave behind once the process is at its working size, in MiB.</summary>
    public double? SecondRoundGrowthMiB => Growth(ResidentAfterFirstBytes, ResidentAfterSecondBytes);

    private static double? Growth(long? from, long? to) => from is { } a && to is { } b ? (b - a) / 1048576.0 : null;
}

/// <summary>
/// Anonymous <c>GET /events/{id}</c> for ids that do not exist, many at once: each must be a quick 404 that leaves no
/// activation (and no memory) behind. Runs the requests twice and reads the server's resident memory before, between
/// and after (each a few seconds after its round): activations kept per id would grow both rounds alike.
/// </summary>
public static class UnknownIds
{
    /// <summary>Sends <paramref name="requests"/> requests from <paramref name="clients"/> workers, twice.</summary>
    public static async Task<UnknownIdsReport> RunAsync(HttpClient http, int requests, int clients, int? serverPid, CancellationToken ct)
    {
        var probe = serverPid is { } pid ? new ServerMemoryProbe(pid) : null;

        // A warm-up, so the first-use costs (JIT, pools) are not counted as growth.
        await SendAsync(http, Math.Min(2_000, requests), clients, new LongHistogram(600_000_000, 3), ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var before = probe?.ResidentBytes();
        await SendAsync(http, requests, clients, new LongHistogram(600_000_000, 3), ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var afterFirst = probe?.ResidentBytes();
        var histogram = new LongHistogram(600_000_000, 3);
        var clock = Stopwatch.StartNew();
        var (notFound, other) = await SendAsync(http, requests, clients, histogram, ct);
        var elapsed = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var afterSecond = probe?.ResidentBytes();
        return new UnknownIdsReport(requests, notFound, other, requests / elapsed.TotalSeconds,
            histogram.GetValueAtPercentile(50) / 1000.0, histogram.GetValueAtPercentile(99) / 1000.0, before, afterFirst, afterSecond);
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
