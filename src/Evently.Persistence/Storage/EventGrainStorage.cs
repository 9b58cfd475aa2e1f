using System.Globalization;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;
using Evently.Persistence.Sharding;
using Npgsql;
using NpgsqlTypes;
using Orleans.Runtime;
using Orleans.Storage;

namespace Evently.Persistence.Storage;

/// <summary>
/// Grain storage for <see cref="EventState"/> that writes the ERD rows on the event's own shard.
/// The events row's <c>version</c> is the ETag: a write whose expected version no longer matches
/// throws <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public sealed class EventGrainStorage(ShardDataSources databases, TimeProvider time) : IGrainStorage
{
    /// <summary>The provider name event grains persist through.</summary>
    public const string Name = "evently-events";

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsEventState(grainState);
        var id = grainId.GetGuidKey();
        await using var command = databases.ForId(id).CreateCommand("""
            SELECT organizer_id, name, description, venue, event_date, total_capacity, available_seats, held_seats,
                   price, base_price, pricing_policy, status, promotion_window_minutes, version, created_at, updated_at
            FROM events WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            state.Event = null;
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        state.Event = new EventRow(
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
            reader.GetFieldValue<DateTimeOffset>(15));
        await reader.DisposeAsync().ConfigureAwait(false);
        await LoadWaitlistAsync(databases.ForId(id), id, state).ConfigureAwait(false);
        grainState.ETag = state.Event.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    private static async Task LoadWaitlistAsync(NpgsqlDataSource dataSource, Guid eventId, EventState state)
    {
        state.LoadedWaitlist.Clear();
        await using var command = dataSource.CreateCommand("""
            SELECT w.id, w.user_id, w.quantity, w.priority_score, w.joined_at, w.status, w.notification_preferences ->> 'webhookUrl',
                   p.id, p.quantity, p.promoted_at, p.expires_at
            FROM waitlists w
            LEFT JOIN waitlist_promotions p ON p.waitlist_id = w.id AND p.status = 'active'
            WHERE w.event_id = @event
            """);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var promotion = reader.IsDBNull(7)
                ? null
                : new Promotion(reader.GetGuid(7), reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10));
            state.LoadedWaitlist.Add(new WaitlistEntry(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), promotion));
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsEventState(grainState);
        var row = state.Event ?? throw new InvalidOperationException("Cannot write an event state without its row.");
        var dataSource = databases.ForId(row.Id);
        long newVersion;
        if (grainState.ETag is null)
        {
            await InsertEventAsync(dataSource, row).ConfigureAwait(false);
            newVersion = row.Version;
        }
        else
        {
            var expected = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            newVersion = await CommitBatchAsync(dataSource, state, row, expected).ConfigureAwait(false);
        }

        state.ClearBatch();
        state.Event = row with { Version = newVersion };
        grainState.ETag = newVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        throw new NotSupportedException("Events are cancelled, never deleted.");

    private static EventState AsEventState<T>(IGrainState<T> grainState) =>
        grainState.State as EventState ?? throw new NotSupportedException($"{Name} stores only {nameof(EventState)}.");

    private static async Task InsertEventAsync(NpgsqlDataSource dataSource, EventRow row)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO events (id, organizer_id, name, description, venue, event_date, total_capacity, available_seats,
                                held_seats, price, base_price, pricing_policy, status, promotion_window_minutes, version,
                                created_at, updated_at)
            VALUES (@id, @organizer, @name, @description, @venue, @date, @capacity, @available, @held, @price, @basePrice,
                    @policy, @status, @window, @version, @createdAt, @updatedAt)
            """);
        AddEventParameters(command.Parameters, row);
        command.Parameters.AddWithValue("organizer", row.OrganizerId);
        command.Parameters.AddWithValue("version", row.Version);
        command.Parameters.AddWithValue("createdAt", row.CreatedAt);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<long> CommitBatchAsync(NpgsqlDataSource dataSource, EventState state, EventRow row, long expected)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);
            if (state.NewBookings.Count > 0)
            {
                batch.BatchCommands.Add(InsertBookings(state));
            }

            if (state.CancelledBookings.Count > 0)
            {
                var cancel = new NpgsqlBatchCommand("""
                    UPDATE bookings SET status = 'cancelled', cancelled_at = @now
                    WHERE id = ANY(@ids) AND event_id = @event AND status = 'confirmed'
                    """);
                cancel.Parameters.AddWithValue("ids", state.CancelledBookings.ToArray());
                cancel.Parameters.AddWithValue("event", row.Id);
                cancel.Parameters.AddWithValue("now", time.GetUtcNow());
                batch.BatchCommands.Add(cancel);
            }

            if (state.CancelAllBookings)
            {
                // Tell every holder of a confirmed booking, in the same transaction that refunds them.
                var notify = new NpgsqlBatchCommand("""
                    INSERT INTO notifications (id, user_id, event_id, kind, payload, created_at)
                    SELECT gen_random_uuid(), u.user_id, @event, 'event_cancelled',
                           jsonb_build_object('eventId', @event, 'eventName', @name::text), @now
                    FROM (SELECT DISTINCT user_id FROM bookings WHERE event_id = @event AND status = 'confirmed') u
                    """);
                notify.Parameters.AddWithValue("event", row.Id);
                notify.Parameters.AddWithValue("name", row.Name);
                notify.Parameters.AddWithValue("now", time.GetUtcNow());
                batch.BatchCommands.Add(notify);
                var cancelAll = new NpgsqlBatchCommand(
                    "UPDATE bookings SET status = 'cancelled', cancelled_at = @now WHERE event_id = @event AND status = 'confirmed'");
                cancelAll.Parameters.AddWithValue("event", row.Id);
                cancelAll.Parameters.AddWithValue("now", time.GetUtcNow());
                batch.BatchCommands.Add(cancelAll);
            }

            if (state.WaitlistRows.Count > 0)
            {
                batch.BatchCommands.Add(WaitlistCommands.UpsertEntries(row.Id, state.WaitlistRows));
            }

            if (state.Promotions.Count > 0)
            {
                batch.BatchCommands.Add(WaitlistCommands.UpsertPromotions(row.Id, state.Promotions));
            }

            if (state.Notifications.Count > 0)
            {
                batch.BatchCommands.Add(WaitlistCommands.InsertNotifications(row.Id, state.Notifications));
            }

            if (state.PriceChanges.Count > 0)
            {
                batch.BatchCommands.Add(InsertPriceChanges(row.Id, state.PriceChanges));
            }

            var update = new NpgsqlBatchCommand("""
                UPDATE events SET name = @name, description = @description, venue = @venue, event_date = @date,
                    total_capacity = @capacity, available_seats = @available, held_seats = @held, price = @price,
                    base_price = @basePrice, pricing_policy = @policy, status = @status, promotion_window_minutes = @window,
                    version = version + 1, updated_at = @updatedAt
                WHERE id = @id AND version = @expected
                """);
            AddEventParameters(update.Parameters, row);
            update.Parameters.AddWithValue("expected", expected);
            batch.BatchCommands.Add(update);
            try
            {
                await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation
                && ex.ConstraintName == "bookings_booking_ref_key" && attempt < 3)
            {
                // A booking reference collided with an existing one: mint new ones and retry the batch.
                await transaction.RollbackAsync().ConfigureAwait(false);
                for (var i = 0; i < state.NewBookings.Count; i++)
                {
                    state.NewBookings[i] = state.NewBookings[i] with { BookingRef = BookingRef.New() };
                }

                continue;
            }

            if (update.RecordsAffected != 1)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                throw new InconsistentStateException(
                    $"Event {row.Id} was changed by another writer (expected version {expected}).",
                    storedEtag: null,
                    currentEtag: expected.ToString(CultureInfo.InvariantCulture));
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            return expected + 1;
        }
    }

    private static NpgsqlBatchCommand InsertBookings(EventState state)
    {
        var bookings = state.NewBookings;
        var command = new NpgsqlBatchCommand("""
            INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, status, idempotency_key, created_at)
            SELECT id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, 'confirmed', idempotency_key, created_at
            FROM unnest(@ids, @users, @events, @refs, @quantities, @unitPrices, @totals, @keys, @createdAt)
                AS b(id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, idempotency_key, created_at)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", bookings.Select(b => b.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("users", bookings.Select(b => b.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("events", bookings.Select(b => b.EventId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("refs", bookings.Select(b => b.BookingRef).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("quantities", bookings.Select(b => b.Quantity).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("unitPrices", bookings.Select(b => b.UnitPrice).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("totals", bookings.Select(b => b.TotalAmount).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
        {
            Value = bookings.Select(b => (object?)b.IdempotencyKey ?? DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("createdAt", bookings.Select(b => b.CreatedAt).ToArray()));
        return command;
    }

    private static NpgsqlBatchCommand InsertPriceChanges(Guid eventId, List<PriceChange> changes)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO pricing_history (id, event_id, old_price, new_price, change_reason, applied_by, applied_at)
            SELECT id, @event, old_price, new_price, reason, applied_by, applied_at
            FROM unnest(@ids, @old, @new, @reasons, @by, @at) AS p(id, old_price, new_price, reason, applied_by, applied_at)
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", changes.Select(c => c.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("old", changes.Select(c => c.OldPrice).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("new", changes.Select(c => c.NewPrice).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", changes.Select(c => c.Reason).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("by", changes.Select(c => c.AppliedBy).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", changes.Select(c => c.AppliedAt).ToArray()));
        return command;
    }

    private static void AddEventParameters(NpgsqlParameterCollection parameters, EventRow row)
    {
        parameters.AddWithValue("id", row.Id);
        parameters.AddWithValue("name", row.Name);
        parameters.AddWithValue("description", row.Description);
        parameters.AddWithValue("venue", row.Venue);
        parameters.AddWithValue("date", row.EventDate);
        parameters.AddWithValue("capacity", row.Seats.TotalCapacity);
        parameters.AddWithValue("available", row.Seats.AvailableSeats);
        parameters.AddWithValue("held", row.Seats.HeldSeats);
        parameters.AddWithValue("price", row.Price);
        parameters.AddWithValue("basePrice", row.BasePrice);
        parameters.AddWithValue("policy", row.PricingPolicy);
        parameters.AddWithValue("status", row.Status);
        parameters.AddWithValue("window", row.PromotionWindowMinutes);
        parameters.AddWithValue("updatedAt", row.UpdatedAt);
    }
}
