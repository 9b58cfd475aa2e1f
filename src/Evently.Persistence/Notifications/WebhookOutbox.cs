using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Notifications;

/// <summary>
/// The dispatcher's SQL on one shard's <c>notifications</c> outbox. A row is pending while it has a webhook URL and
/// is neither delivered (<c>dispatched_at</c>) nor failed for good (<c>failed_at</c>); a claim leases it by moving
/// <c>next_attempt_at</c> past the attempt's longest duration, so a crashed silo's rows are claimed again.
/// </summary>
public static class WebhookOutbox
{
    /// <summary>
    /// Leases up to <paramref name="limit"/> due rows, skipping rows other silos hold, receivers in <paramref name="busyReceivers"/>,
    /// rows in <paramref name="inFlight"/>, and any row with an earlier pending row for the same user, event and URL
    /// (that is what keeps one event's notifications to one receiver in order).
    /// </summary>
    public static async Task<IReadOnlyList<OutboxDelivery>> ClaimAsync(NpgsqlDataSource shard, DateTimeOffset now, DateTimeOffset lease, int limit,
        IReadOnlyCollection<string> busyReceivers, IReadOnlyCollection<Guid> inFlight, CancellationToken cancellationToken)
    {
        await using var claim = shard.CreateCommand("""
            UPDATE notifications n SET next_attempt_at = @lease, delivery_started_at = coalesce(n.delivery_started_at, @now)
            WHERE n.id IN (
                SELECT c.id FROM notifications c
                WHERE c.dispatched_at IS NULL AND c.failed_at IS NULL AND c.webhook_url IS NOT NULL AND c.next_attempt_at <= @now
                  AND c.receiver <> ALL (@busy) AND c.id <> ALL (@inflight)
                  AND NOT EXISTS (SELECT 1 FROM notifications p
                                  WHERE p.user_id = c.user_id AND p.event_id = c.event_id AND p.webhook_url = c.webhook_url
                                    AND p.dispatched_at IS NULL AND p.failed_at IS NULL AND p.seq < c.seq)
                ORDER BY c.next_attempt_at, c.seq
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            RETURNING n.id, n.webhook_url, n.receiver, n.attempts, n.delivery_started_at,
                      jsonb_build_object('id', n.id, 'kind', n.kind, 'eventId', n.event_id, 'userId', n.user_id, 'sequence', n.seq,
                                         'payload', n.payload, 'createdAt', n.created_at)::text, n.user_id
            """);
        claim.Parameters.AddWithValue("now", now);
        claim.Parameters.AddWithValue("lease", lease);
        claim.Parameters.AddWithValue("limit", limit);
        claim.Parameters.Add(new NpgsqlParameter<string[]>("busy", busyReceivers.ToArray()));
        claim.Parameters.Add(new NpgsqlParameter<Guid[]>("inflight", inFlight.ToArray()));
        var rows = new List<OutboxDelivery>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // PostgreSQL writes created_at with "+00:00" and the payload as the grain wrote it: the body goes out in the API's format.
            rows.Add(new OutboxDelivery(reader.GetGuid(0), reader.GetGuid(6), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4), Wire.WireJson.Normalize(reader.GetString(5))));
        }

        return rows;
    }

    /// <summary>Hands leased rows back untouched (their receiver had no free slot), due again at <paramref name="now"/>.</summary>
    public static async Task ReleaseAsync(NpgsqlDataSource shard, IReadOnlyCollection<Guid> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var release = shard.CreateCommand("UPDATE notifications SET next_attempt_at = @now WHERE id = ANY (@ids) AND dispatched_at IS NULL AND failed_at IS NULL");
        release.Parameters.AddWithValue("now", now);
        release.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids.ToArray()));
        await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a delivered attempt.</summary>
    public static async Task DeliveredAsync(NpgsqlDataSource shard, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var update = shard.CreateCommand("""
            UPDATE notifications SET dispatched_at = @now, last_attempt_at = @now, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL
            WHERE id = @id AND dispatched_at IS NULL
            """);
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("now", now);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a failed attempt: due again at <paramref name="nextAttemptAt"/>, or failed for good when it is null.</summary>
    public static async Task FailedAsync(NpgsqlDataSource shard, Guid id, DateTimeOffset now, string error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var update = shard.CreateCommand("""
            UPDATE notifications SET last_attempt_at = @now, attempts = attempts + 1, last_error = @error,
                                     next_attempt_at = @next, failed_at = CASE WHEN @next IS NULL THEN @now END
            WHERE id = @id AND dispatched_at IS NULL AND failed_at IS NULL
            """);
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("now", now);
        update.Parameters.AddWithValue("error", error);
        update.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.TimestampTz) { Value = nextAttemptAt is { } next ? next : DBNull.Value });
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> rows that need nothing more — in-app only or delivered before
    /// <paramref name="deliveredBefore"/>, failed before <paramref name="failedBefore"/> — and returns how many went.
    /// </summary>
    public static async Task<int> PurgeBatchAsync(NpgsqlDataSource shard, DateTimeOffset deliveredBefore, DateTimeOffset failedBefore, int batchSize, CancellationToken cancellationToken)
    {
        await using var purge = shard.CreateCommand("""
            DELETE FROM notifications WHERE id IN (
                SELECT id FROM notifications
                WHERE (webhook_url IS NULL AND created_at < @delivered) OR dispatched_at < @delivered OR failed_at < @failed
                LIMIT @batch)
            """);
        purge.Parameters.AddWithValue("delivered", deliveredBefore);
        purge.Parameters.AddWithValue("failed", failedBefore);
        purge.Parameters.AddWithValue("batch", batchSize);
        return await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
