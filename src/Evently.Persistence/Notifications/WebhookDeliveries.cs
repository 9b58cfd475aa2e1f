using Evently.Persistence.Queries;

namespace Evently.Persistence.Notifications;

/// <summary>The admin's view of webhook deliveries across every shard: failed ones, and redelivery.</summary>
public sealed class WebhookDeliveries(ShardAggregator aggregator)
{
    private static readonly NewestFirst<FailedDelivery> NewestFailureFirst = new(d => d.FailedAt, d => d.Id);

    // A redelivery restarts the run: attempts from zero, the retry window from its first attempt, due at once.
    private const string Requeue = """
        UPDATE notifications SET dispatched_at = NULL, failed_at = NULL, attempts = 0, last_error = NULL,
                                 next_attempt_at = now(), delivery_started_at = NULL
        """;

    /// <summary>One page of failed deliveries, newest failure first, optionally only those of one receiver (origin).</summary>
    public Task<Paged<FailedDelivery>> FailedAsync(string? receiver, int page, int pageSize, CancellationToken cancellationToken = default) =>
        aggregator.PageAsync(
            (shard, limit) =>
            {
                var command = shard.CreateCommand("""
                    SELECT id, user_id, event_id, kind, receiver, attempts, last_error, created_at, failed_at, count(*) OVER ()
                    FROM notifications WHERE failed_at IS NOT NULL AND (@receiver::text IS NULL OR receiver = @receiver)
                    ORDER BY failed_at DESC, id DESC LIMIT @limit
                    """);
                command.Parameters.AddWithValue("receiver", (object?)receiver ?? DBNull.Value);
                command.Parameters.AddWithValue("limit", limit);
                return command;
            },
            reader => new FailedDelivery(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8)),
            NewestFailureFirst, page, pageSize, cancellationToken);

    /// <summary>Queues one notification's webhook again (a delivered one too: a receiver may have lost it).</summary>
    public async Task<RedeliveryOutcome> RedeliverAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            await using var command = shard.CreateCommand($"""
                WITH target AS (SELECT id, (dispatched_at IS NULL AND failed_at IS NULL) AS pending
                                FROM notifications WHERE id = @id AND webhook_url IS NOT NULL FOR UPDATE),
                     queued AS ({Requeue} WHERE id IN (SELECT id FROM target WHERE NOT pending) RETURNING id)
                SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM target) THEN 0 WHEN EXISTS (SELECT 1 FROM queued) THEN 2 ELSE 1 END
                """);
            command.Parameters.AddWithValue("id", id);
            return (int)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        return (RedeliveryOutcome)perShard.Max();
    }

    /// <summary>Queues every failed delivery to <paramref name="receiver"/> (an origin) again; returns how many.</summary>
    public async Task<long> RedeliverFailedAsync(string receiver, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            await using var command = shard.CreateCommand($"{Requeue} WHERE failed_at IS NOT NULL AND receiver = @receiver");
            command.Parameters.AddWithValue("receiver", receiver);
            return (long)await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return perShard.Sum();
    }
}
