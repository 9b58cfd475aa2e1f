using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evently.Persistence.Sharding;

/// <summary>
/// Keeps this process's bucket map current: reads the directory's map epoch every <see cref="Interval"/> (one tiny
/// query) and re-reads the map when it moved, so a database added or a bucket moved by an operator reaches every
/// front end and silo within about a second.
/// </summary>
public sealed partial class ShardMapRefresher(ShardDataSources databases, TimeProvider time, ILogger<ShardMapRefresher> logger) : BackgroundService
{
    /// <summary>How often the epoch is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    if (await databases.RefreshAsync(force: false, stoppingToken).ConfigureAwait(false))
                    {
                        LogRefreshed(logger, databases.Map.Epoch, databases.Shards.Count);
                    }
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // The directory being away keeps the map this process has; the next tick tries again.
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Shard map refreshed: epoch {Epoch}, {Shards} shard databases")]
    private static partial void LogRefreshed(ILogger logger, long epoch, int shards);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Shard map refresh failed; keeping the current map")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
