using Evently.Core.Batches;
using Evently.Core.Queues;
using Evently.Persistence.Sharding;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>Waiting rooms on PostgreSQL: <c>queue_entries</c> on the event's shard, changed entries upserted in one statement.</summary>
public sealed class QueueStore(ShardDataSources databases) : IQueueStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueEntry>> LoadAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(eventId).CreateCommand("""
            SELECT user_id, seq, joined_at, rank, status, admitted_at, admitted_until, webhook_url
            FROM queue_entries WHERE event_id = @event
            """);
        command.Parameters.AddWithValue("event", eventId);
        var entries = new List<QueueEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new QueueEntry(reader.GetGuid(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return entries;
    }

    /// <summary>The event's sale settings as stored (null when there is no such event), without loading the event.</summary>
    public async Task<Domain.Sales.SaleSettings?> LoadSaleAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(eventId).CreateCommand($"SELECT {SaleColumns.Select} FROM events WHERE id = @event");
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SaleColumns.Read(reader, 0) : null;
    }

    /// <inheritdoc />
    public async Task SaveAsync(Guid eventId, IReadOnlyList<QueueEntry> entries, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken = default)
    {
        await using var connection = await databases.ForId(eventId).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (entries.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO queue_entries (event_id, user_id, seq, joined_at, rank, status, admitted_at, admitted_until, webhook_url)
                SELECT @event, * FROM unnest(@users, @seqs, @joined, @ranks, @statuses, @admittedAt, @until, @webhooks)
                ON CONFLICT (event_id, user_id) DO UPDATE SET seq = excluded.seq, joined_at = excluded.joined_at, rank = excluded.rank,
                    status = excluded.status, admitted_at = excluded.admitted_at, admitted_until = excluded.admitted_until,
                    webhook_url = excluded.webhook_url
                """);
            upsert.Parameters.AddWithValue("event", eventId);
            upsert.Parameters.Add(new NpgsqlParameter<Guid[]>("users", entries.Select(e => e.UserId).ToArray()));
            upsert.Parameters.Add(new NpgsqlParameter<long[]>("seqs", entries.Select(e => e.Seq).ToArray()));
            upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("joined", entries.Select(e => e.JoinedAt).ToArray()));
            upsert.Parameters.Add(Nullable("ranks", NpgsqlDbType.Bigint, entries.Select(e => (object?)e.Rank)));
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("statuses", entries.Select(e => e.Status).ToArray()));
            upsert.Parameters.Add(Nullable("admittedAt", NpgsqlDbType.TimestampTz, entries.Select(e => (object?)e.AdmittedAt)));
            upsert.Parameters.Add(Nullable("until", NpgsqlDbType.TimestampTz, entries.Select(e => (object?)e.AdmittedUntil)));
            upsert.Parameters.Add(Nullable("webhooks", NpgsqlDbType.Text, entries.Select(e => (object?)e.WebhookUrl)));
            batch.BatchCommands.Add(upsert);
        }

        if (notifications.Count > 0)
        {
            batch.BatchCommands.Add(OutboxCommands.Insert(eventId, notifications.ToList()));
        }

        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, IEnumerable<object?> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.Select(v => v ?? DBNull.Value).ToArray() };
}
