using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;
using Evently.Domain.Waitlists;
using Evently.Core;
using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Core.Seating;
using Evently.Domain.Seating;
using Evently.Domain.Sharding;
using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.Persistence.Storage;

/// <summary>
/// The event core's store on PostgreSQL: every event's rows live on its own shard. A batch is one transaction whose
/// events-row update is guarded by the row's <c>version</c>, and which must change exactly the rows the core decided
/// (each cancellation flips one confirmed booking, each resolved promotion was active); any difference rolls it back.
/// Failures say what is known: nothing written (<see cref="StoreFailure.NotCommitted"/>, <see cref="StoreFailure.Conflict"/>)
/// or the commit sent and its answer lost (<see cref="StoreFailure.Unknown"/>).
/// </summary>
public sealed class PostgresEventStore(ShardDataSources databases) : IEventStore
{
    /// <inheritdoc />
    public async Task<StoredEvent?> LoadAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        // Not found where this process's map points: the event's bucket may have just moved (its old rows deleted before
        // the other processes' periodic refresh), so it is looked for once more after the map caught up with the epoch.
        return await LoadFromAsync(databases.ForId(eventId), eventId, cancellationToken).ConfigureAwait(false)
            ?? (await databases.RefreshAsync(force: false, cancellationToken).ConfigureAwait(false)
                ? await LoadFromAsync(databases.ForId(eventId), eventId, cancellationToken).ConfigureAwait(false)
                : null);
    }

    private static async Task<StoredEvent?> LoadFromAsync(NpgsqlDataSource shard, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await shard.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One snapshot for the row and the waitlist: they must describe the same version.
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var record = await ReadEventAsync(connection, eventId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var waitlist = await ReadWaitlistAsync(connection, eventId, cancellationToken).ConfigureAwait(false);
        var seatsByUser = await ReadSeatsByUserAsync(connection, eventId, cancellationToken).ConfigureAwait(false);
        var holds = await ReadActiveHoldsAsync(connection, eventId, cancellationToken).ConfigureAwait(false);
        var (plan, owners) = await ReadSeatsAsync(connection, eventId, cancellationToken).ConfigureAwait(false);
        return new StoredEvent(record, waitlist, seatsByUser, holds, plan, owners);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Booking>> FindKeyedBookingsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default)
    {
        // One index probe per key on bookings_idempotency_key (user_id, event_id, idempotency_key).
        await using var command = databases.ForId(eventId).CreateCommand($"""
            SELECT {BookingRows.Columns}, idempotency_request, checked_in_at FROM bookings
            WHERE event_id = @event AND (user_id, idempotency_key) IN (SELECT * FROM unnest(@users, @keys))
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("users", keys.Select(k => k.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys.Select(k => k.Key).ToArray()));
        var found = new List<Booking>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // What the key's request asked for: a retry is the same request only if it asks the same.
            found.Add(BookingRows.Read(reader) with
            {
                IdempotencyRequest = reader.IsDBNull(11) ? null : reader.GetString(11),
                CheckedInAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
            });
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<Hold?> FindHoldAsync(Guid holdId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(holdId).CreateCommand($"SELECT {HoldRows.Columns} FROM holds WHERE id = @id");
        command.Parameters.AddWithValue("id", holdId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? HoldRows.Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Hold>> FindKeyedHoldsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default)
    {
        // One index probe per key on holds_idempotency_key (user_id, event_id, idempotency_key).
        await using var command = databases.ForId(eventId).CreateCommand($"""
            SELECT {HoldRows.Columns}, idempotency_request FROM holds
            WHERE event_id = @event AND (user_id, idempotency_key) IN (SELECT * FROM unnest(@users, @keys))
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("users", keys.Select(k => k.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys.Select(k => k.Key).ToArray()));
        var found = new List<Hold>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(HoldRows.Read(reader) with { IdempotencyRequest = reader.IsDBNull(12) ? null : reader.GetString(12) });
        }

        return found;
    }

    /// <inheritdoc />
    public async Task CreateAsync(EventRecord record, CancellationToken cancellationToken = default)
    {
        var bucket = Buckets.Of(record.Id);
        for (var attempt = 1; ; attempt++)
        {
            var map = databases.Map;
            var shard = databases.Shards[map.ShardOfBucket(bucket)];
            await using var connection = await shard.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // A bucket move holds this lock exclusively from before it lists the bucket's events until the source rows are
            // deleted: an insert waits for it, then checks the map has not moved the bucket away meanwhile (its row would
            // be left behind on the old database, where no process looks for it).
            await using (var fence = new NpgsqlCommand("SELECT pg_advisory_xact_lock_shared(@space, @bucket)", connection, transaction))
            {
                fence.Parameters.AddWithValue("space", BucketMover.FenceLockSpace);
                fence.Parameters.AddWithValue("bucket", bucket);
                await fence.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await MovedAwayAsync(bucket, map.ShardOfBucket(bucket), cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                await databases.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
                if (attempt < 3)
                {
                    continue;
                }

                throw new EventStoreException(StoreFailure.NotCommitted, $"Event {record.Id}: its bucket kept moving; nothing was written.");
            }

            await using var command = new NpgsqlCommand($"""
                INSERT INTO events (id, organizer_id, name, description, venue, event_date, total_capacity, available_seats,
                                    held_seats, price, base_price, pricing_policy, status, promotion_window_minutes, version,
                                    created_at, updated_at, {SaleColumns.Insert}, hold_minutes, edit_version)
                VALUES (@id, @organizer, @name, @description, @venue, @date, @capacity, @available, @held, @price, @basePrice,
                        @policy, @status, @window, @version, @createdAt, @updatedAt, {SaleColumns.Values}, @holdMinutes, @editVersion)
                """, connection, transaction);
            EventCommands.AddEventParameters(command.Parameters, record);
            command.Parameters.AddWithValue("organizer", record.OrganizerId);
            command.Parameters.AddWithValue("version", record.Version);
            command.Parameters.AddWithValue("createdAt", record.CreatedAt);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
    }

    /// <summary>Whether the directory's map no longer puts <paramref name="bucket"/> on <paramref name="shard"/>.</summary>
    private async Task<bool> MovedAwayAsync(int bucket, int shard, CancellationToken cancellationToken)
    {
        try
        {
            return await ShardDirectory.ShardOfBucketAsync(databases.Directory, bucket, cancellationToken).ConfigureAwait(false) != shard;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A directory without the map tables (a store opened on bare databases): no bucket can have moved.
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<Booking?> FindBookingAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(bookingId).CreateCommand(
            $"SELECT {BookingRows.Columns}, checked_in_at FROM bookings WHERE id = @id");
        command.Parameters.AddWithValue("id", bookingId);
        return await ReadCheckedInAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Booking?> FindBookingByRefAsync(Guid eventId, string bookingRef, CancellationToken cancellationToken = default)
    {
        // A booking's row lives on its event's shard (its id is made in the event's bucket).
        await using var command = databases.ForId(eventId).CreateCommand(
            $"SELECT {BookingRows.Columns}, checked_in_at FROM bookings WHERE booking_ref = @ref AND event_id = @event");
        command.Parameters.AddWithValue("ref", bookingRef);
        command.Parameters.AddWithValue("event", eventId);
        return await ReadCheckedInAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Booking?> ReadCheckedInAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return BookingRows.Read(reader) with
        {
            CheckedInAt = reader.IsDBNull(BookingRows.ColumnCount) ? null : reader.GetFieldValue<DateTimeOffset>(BookingRows.ColumnCount),
        };
    }

    /// <inheritdoc />
    public async Task<long> CommitAsync(EventBatch batch, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var row = batch.Event;
        await TransactionCommit.RunAsync(databases.ForId(row.Id), $"Event {row.Id}", async command =>
        {
            var guarded = new List<(NpgsqlBatchCommand Command, int Expected, string What)>();
            foreach (var (step, expected, what) in EventCommands.ForBatch(batch, expectedVersion))
            {
                command.BatchCommands.Add(step);
                if (expected is { } count)
                {
                    guarded.Add((step, count, what));
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (step, expected, what) in guarded)
            {
                if (step.RecordsAffected != expected)
                {
                    throw new EventStoreException(StoreFailure.Conflict,
                        $"Event {row.Id}: {what} changed {step.RecordsAffected} rows, expected {expected}; the batch was rolled back.");
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        return expectedVersion + 1;
    }

    private static async Task<EventRecord?> ReadEventAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT organizer_id, name, description, venue, event_date, total_capacity, available_seats, held_seats,
                   price, base_price, pricing_policy, status, promotion_window_minutes, version, created_at, updated_at,
                   {SaleColumns.Select}, hold_minutes, edit_version
            FROM events WHERE id = @id
            """, connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new EventRecord(
            id,
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            new SeatLedger(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)),
            reader.GetDecimal(8),
            reader.GetDecimal(9),
            reader.GetString(10),
            reader.GetString(11),
            reader.GetInt32(12),
            reader.GetInt64(13),
            reader.GetFieldValue<DateTimeOffset>(14),
            reader.GetFieldValue<DateTimeOffset>(15),
            SaleColumns.Read(reader, 16),
            reader.GetInt32(22),
            reader.GetInt64(23));
    }

    private static async Task<Dictionary<Guid, int>> ReadSeatsByUserAsync(NpgsqlConnection connection, Guid eventId, CancellationToken cancellationToken)
    {
        var seats = new Dictionary<Guid, int>();
        await using var command = new NpgsqlCommand(
            "SELECT user_id, sum(quantity)::int FROM bookings WHERE event_id = @event AND status = 'confirmed' GROUP BY user_id", connection);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            seats[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        return seats;
    }

    private static async Task<(SeatingPlan? Plan, List<SeatOwner> Owners)> ReadSeatsAsync(
        NpgsqlConnection connection, Guid eventId, CancellationToken cancellationToken)
    {
        var owners = new List<SeatOwner>();
        await using var command = new NpgsqlCommand("""
            SELECT plan::text FROM seating_plans WHERE event_id = @event;
            SELECT seat, booking_id, false FROM booking_seats WHERE event_id = @event
            UNION ALL
            SELECT seat, holder_id, true FROM held_seats WHERE event_id = @event;
            """, connection);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var plan = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SeatCommands.ReadPlan(reader.GetString(0)) : null;
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            owners.Add(new SeatOwner(reader.GetInt32(0), reader.GetGuid(1), reader.GetBoolean(2)));
        }

        return (plan, owners);
    }

    private static async Task<List<Hold>> ReadActiveHoldsAsync(NpgsqlConnection connection, Guid eventId, CancellationToken cancellationToken)
    {
        var holds = new List<Hold>();
        await using var command = new NpgsqlCommand($"SELECT {HoldRows.Columns} FROM holds WHERE event_id = @event AND status = 'held'", connection);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            holds.Add(HoldRows.Read(reader));
        }

        return holds;
    }

    private static async Task<List<WaitlistEntry>> ReadWaitlistAsync(NpgsqlConnection connection, Guid eventId, CancellationToken cancellationToken)
    {
        var entries = new List<WaitlistEntry>();
        await using var command = new NpgsqlCommand("""
            SELECT w.id, w.user_id, w.quantity, w.priority_score, w.joined_at, w.status, w.notification_preferences ->> 'webhookUrl',
                   p.id, p.quantity, p.promoted_at, p.expires_at, w.suspended
            FROM waitlists w
            LEFT JOIN waitlist_promotions p ON p.waitlist_id = w.id AND p.status = 'active'
            WHERE w.event_id = @event
            """, connection);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var promotion = reader.IsDBNull(7)
                ? null
                : new Promotion(reader.GetGuid(7), reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10));
            entries.Add(new WaitlistEntry(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), promotion, Suspended: reader.GetBoolean(11)));
        }

        return entries;
    }
}
