using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>The commands one batch commit runs on the event's shard, in order.</summary>
internal static class EventCommands
{
    /// <summary>Every command of the batch except the events-row update: bookings, cancellations, waitlist, outbox, prices.</summary>
    public static IEnumerable<NpgsqlBatchCommand> ForBatch(EventState state, EventRow row, DateTimeOffset now)
    {
        if (state.NewBookings.Count > 0)
        {
            yield return InsertBookings(state);
        }

        if (state.CancelledBookings.Count > 0)
        {
            var cancel = new NpgsqlBatchCommand("""
                UPDATE bookings SET status = 'cancelled', cancelled_at = @now
                WHERE id = ANY(@ids) AND event_id = @event AND status = 'confirmed'
                """);
            cancel.Parameters.AddWithValue("ids", state.CancelledBookings.ToArray());
            cancel.Parameters.AddWithValue("event", row.Id);
            cancel.Parameters.AddWithValue("now", now);
            yield return cancel;
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
            notify.Parameters.AddWithValue("now", now);
            yield return notify;
            var cancelAll = new NpgsqlBatchCommand(
                "UPDATE bookings SET status = 'cancelled', cancelled_at = @now WHERE event_id = @event AND status = 'confirmed'");
            cancelAll.Parameters.AddWithValue("event", row.Id);
            cancelAll.Parameters.AddWithValue("now", now);
            yield return cancelAll;
        }

        if (state.WaitlistRows.Count > 0)
        {
            yield return WaitlistCommands.UpsertEntries(row.Id, state.WaitlistRows);
        }

        if (state.Promotions.Count > 0)
        {
            yield return WaitlistCommands.UpsertPromotions(row.Id, state.Promotions);
        }

        if (state.Notifications.Count > 0)
        {
            yield return WaitlistCommands.InsertNotifications(row.Id, state.Notifications);
        }

        if (state.PriceChanges.Count > 0)
        {
            yield return InsertPriceChanges(row.Id, state.PriceChanges);
        }
    }

    /// <summary>The optimistic events-row update: affects one row only while <paramref name="expected"/> is still the version.</summary>
    public static NpgsqlBatchCommand UpdateEvent(EventRow row, long expected)
    {
        var update = new NpgsqlBatchCommand("""
            UPDATE events SET name = @name, description = @description, venue = @venue, event_date = @date,
                total_capacity = @capacity, available_seats = @available, held_seats = @held, price = @price,
                base_price = @basePrice, pricing_policy = @policy, status = @status, promotion_window_minutes = @window,
                version = version + 1, updated_at = @updatedAt
            WHERE id = @id AND version = @expected
            """);
        AddEventParameters(update.Parameters, row);
        update.Parameters.AddWithValue("expected", expected);
        return update;
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

    public static void AddEventParameters(NpgsqlParameterCollection parameters, EventRow row)
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
