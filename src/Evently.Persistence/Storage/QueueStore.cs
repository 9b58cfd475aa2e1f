using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Core.Queues;
using Evently.Persistence.Sharding;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>
/// Waiting rooms on PostgreSQL: <c>queue_entries</c> on the event's shard, changed entries upserted in one statement,
/// guarded by the room's version in <c>queue_rooms</c> (moved on in the same transaction).
/// </summary>
public sealed class QueueStore(ShardDataSources databases) : IQueueStore
{
    /// <inheritdoc />
    public async Task<StoredRoom> LoadAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await databases.ForId(eventId).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One snapshot for the version and the entries: they must describe the same write.
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        long version;
        await using (var read = new NpgsqlCommand("SELECT coalesce((SELECT version FROM queue_rooms WHERE event_id = @event), 0)", connection, snapshot))
        {
            read.Parameters.AddWithValue("event", eventId);
            version = (long)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using var command = new NpgsqlCommand("""
            SELECT user_id, seq, joined_at, rank, status, admitted_at, admitted_until, webhook_url
            FROM queue_entries WHERE event_id = @event
            """, connection, snapshot);
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

        return new StoredRoom(entries, version);
    }

    /// <summary>The event's sale settings as stored (null when there is no such event), without loading the event.</summary>
    public async Task<Domain.Sales.SaleSettings?> LoadSaleAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        // Not found: the event's bucket may have just moved; looked for once more after the map caught up with the epoch.
        return await LoadSaleFromAsync(databases.ForId(eventId), eventId, cancellationToken).ConfigureAwait(false)
            ?? (await databases.RefreshAsync(force: false, cancellationToken).ConfigureAwait(false)
                ? await LoadSaleFromAsync(databases.ForId(eventId), eventId, cancellationToken).ConfigureAwait(false)
                : null);
    }

    private static async Task<Domain.Sales.SaleSettings?> LoadSaleFromAsync(NpgsqlDataSource shard, Guid eventId, CancellationToken cancellationToken)
    {
        await using var command = shard.CreateCommand($"SELECT {SaleColumns.Select} FROM events WHERE id = @event");
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SaleColumns.Read(reader, 0) : null;
    }

    /// <inheritdoc />
    public async Task<long> SaveAsync(Guid eventId, long expectedVersion, IReadOnlyList<QueueEntry> entries, IReadOnlyList<OutboxMessage> notifications,
        CancellationToken cancellationToken = default)
    {
        await TransactionCommit.RunAsync(databases.ForId(eventId), $"Waiting room of event {eventId}", async batch =>
        {
            // First, so a stale writer stops at the guard: the row's lock orders two writers, and the loser finds the
            // version moved (READ COMMITTED re-checks the condition on the row as committed).
            var guard = new NpgsqlBatchCommand("""
                INSERT INTO queue_rooms (event_id, version) VALUES (@event, @expected + 1)
                ON CONFLICT (event_id) DO UPDATE SET version = excluded.version WHERE queue_rooms.version = @expected
                """);
            guard.Parameters.AddWithValue("event", eventId);
            guard.Parameters.AddWithValue("expected", expectedVersion);
            batch.BatchCommands.Add(guard);
            if (entries.Count > 0)
            {
                batch.BatchCommands.Add(Upsert(eventId, entries));
            }

            if (notifications.Count > 0)
            {
                batch.BatchCommands.Add(OutboxCommands.Insert(eventId, notifications.ToList()));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (guard.RecordsAffected != 1)
            {
                throw new EventStoreException(StoreFailure.Conflict,
                    $"Waiting room of event {eventId}: another activation moved its version past {expectedVersion}; nothing was written.");
            }
        }, cancellationToken).ConfigureAwait(false);
        return expectedVersion + 1;
    }

    private static NpgsqlBatchCommand Upsert(Guid eventId, IReadOnlyList<QueueEntry> entries)
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
        return upsert;
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, IEnumerable<object?> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.Select(v => v ?? DBNull.Value).ToArray() };
}
