using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Evently.Api.Health;

/// <summary>
/// The readiness report anonymous callers are answered from: at most <see cref="MaxAge"/> old, and one check at a time
/// however many ask, so a flood of anonymous probes cannot turn into a flood of database round trips (one per shard each).
/// </summary>
public sealed class ReadinessCache(HealthCheckService health, TimeProvider time) : IDisposable
{
    /// <summary>How old a report anonymous callers may be given.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    // A reference, so that readers outside the gate see a whole snapshot or none.
    private Tuple<HealthReport, long>? _last;

    /// <summary>A fresh report with every check's details (admins).</summary>
    public Task<HealthReport> CheckAsync(CancellationToken cancellationToken) => health.CheckHealthAsync(c => c.Tags.Contains("ready"), cancellationToken);

    /// <summary>The last report while it is young enough, else one new check shared by everyone waiting for it.</summary>
    public async Task<HealthReport> CachedAsync(CancellationToken cancellationToken)
    {
        if (Young(Volatile.Read(ref _last)) is { } young)
        {
            return young;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever waited on the gate was answered by the check that held it.
            if (Young(_last) is { } checkedMeanwhile)
            {
                return checkedMeanwhile;
            }

            // Aged from when the check began: what it reports is no older than that.
            var began = time.GetTimestamp();
            var report = await CheckAsync(CancellationToken.None);
            Volatile.Write(ref _last, Tuple.Create(report, began));
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private HealthReport? Young(Tuple<HealthReport, long>? last) =>
        last is not null && time.GetElapsedTime(last.Item2) <= MaxAge ? last.Item1 : null;
}
