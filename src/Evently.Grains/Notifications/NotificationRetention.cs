using Evently.Persistence.Notifications;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.Grains.Notifications;

/// <summary>
/// Removes notifications nobody needs any more — delivered (or in-app only) ones older than
/// <see cref="WebhookOptions.RetentionAge"/>, failed ones older than <see cref="WebhookOptions.FailedRetentionAge"/> —
/// in batches of <see cref="WebhookOptions.RetentionBatchSize"/>, so no statement holds many row locks or runs long.
/// Pending deliveries are never removed. Every silo runs it; deleting the same rows twice is harmless.
/// </summary>
public sealed partial class NotificationRetention(
    ShardDataSources databases, IOptions<WebhookOptions> options, [FromKeyedServices(WebhookClock.Key)] TimeProvider time, ILogger<NotificationRetention> logger)
    : BackgroundService
{
    private readonly WebhookOptions _options = options.Value;

    /// <summary>Purges one shard; returns how many rows were deleted.</summary>
    public async Task<long> PurgeAsync(NpgsqlDataSource shard, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        long deleted = 0;
        int batch;
        do
        {
            batch = await WebhookOutbox.PurgeBatchAsync(shard, now - _options.RetentionAge, now - _options.FailedRetentionAge, _options.RetentionBatchSize, cancellationToken)
                .ConfigureAwait(false);
            deleted += batch;
        }
        while (batch == _options.RetentionBatchSize && !cancellationToken.IsCancellationRequested);

        return deleted;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var shard in databases.Shards)
            {
                try
                {
                    var deleted = await PurgeAsync(shard, stoppingToken).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        LogPurged(logger, deleted);
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    LogPurgeFailed(logger, ex);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(_options.RetentionInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2310, Level = LogLevel.Information, Message = "Notification retention removed {Count} rows from a shard")]
    private static partial void LogPurged(ILogger logger, long count);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Warning, Message = "Notification retention failed on a shard")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
