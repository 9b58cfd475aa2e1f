using Evently.Domain.Bookings;
using Evently.Core;
using Evently.Core.Batches;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>The commands one batch commit runs on the event's shard, in order.</summary>
internal static class EventCommands
{
    /// <summary>
    /// Every command of the batch in order, each with the number of rows it must change when that is known (the
    /// store's guard), the events-row update last.
    /// </summary>
    public static IEnumerable<(NpgsqlBatchCommand Command, int? Expected, string What)> ForBatch(EventBatch batch, long expectedVersion)
    {
        var row = batch.Event;
        if (batch.Bookings.Count > 0)
        {
            yield return (InsertBookings(batch.Bookings), batch.Bookings.Count, "inserting bookings");
        }

        foreach (var step in SeatCommands.ForBatch(row.Id, batch))
        {
            yield return step;
        }

        if (batch.Cancellations.Count > 0)
        {
            var cancel = new NpgsqlBatchCommand("""
                UPDATE bookings b SET status = 'cancelled', cancelled_at = c.at
                FROM unnest(@ids, @at) AS c(id, at)
                WHERE b.id = c.id AND b.event_id = @event AND b.status = 'confirmed' AND b.checked_in_at IS NULL
                """);
            cancel.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", batch.Cancellations.Select(c => c.Id).ToArray()));
            cancel.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", batch.Cancellations.Select(c => c.CancelledAt!.Value).ToArray()));
            cancel.Parameters.AddWithValue("event", row.Id);
            yield return (cancel, batch.Cancellations.Count, "cancelling bookings");
        }

        if (batch.CheckIns.Count > 0)
        {
            // Set once, on a confirmed row: a stale activation (or a cancellation it missed) fails the whole batch.
            var checkIn = new NpgsqlBatchCommand("""
                UPDATE bookings b SET checked_in_at = c.at
                FROM unnest(@ids, @at) AS c(id, at)
                WHERE b.id = c.id AND b.event_id = @event AND b.status = 'confirmed' AND b.checked_in_at IS NULL
                """);
            checkIn.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", batch.CheckIns.Select(c => c.BookingId).ToArray()));
            checkIn.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", batch.CheckIns.Select(c => c.At).ToArray()));
            checkIn.Parameters.AddWithValue("event", row.Id);
            yield return (checkIn, batch.CheckIns.Count, "checking bookings in");
        }

        if (batch.EventCancellation is { } cancellation)
        {
            // One notification per affected user: holders of confirmed bookings and open waitlist entries alike.
            var notify = new NpgsqlBatchCommand("""
                INSERT INTO notifications (id, user_id, event_id, kind, payload, webhook_url, created_at, next_attempt_at)
                SELECT gen_random_uuid(), u.user_id, @event, 'event_cancelled', @payload::jsonb, u.webhook_url, @at,
                       CASE WHEN u.webhook_url IS NULL THEN NULL ELSE @at END
                FROM (SELECT DISTINCT ON (user_id) user_id, webhook_url
                      FROM (SELECT user_id, NULL::text AS webhook_url FROM bookings WHERE event_id = @event AND status = 'confirmed'
                            UNION ALL
                            SELECT * FROM unnest(@users, @webhooks)) r
                      ORDER BY user_id, webhook_url NULLS LAST) u
                """);
            notify.Parameters.AddWithValue("event", row.Id);
            notify.Parameters.AddWithValue("payload", cancellation.Payload);
            notify.Parameters.AddWithValue("at", cancellation.At);
            notify.Parameters.Add(new NpgsqlParameter<Guid[]>("users", cancellation.WaitlistRecipients.Select(r => r.UserId).ToArray()));
            notify.Parameters.Add(new NpgsqlParameter("webhooks", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = cancellation.WaitlistRecipients.Select(r => (object?)r.WebhookUrl ?? DBNull.Value).ToArray(),
            });
            yield return (notify, null, "notifying the event's cancellation");
            var cancelAll = new NpgsqlBatchCommand(
                "UPDATE bookings SET status = 'cancelled', cancelled_at = @at WHERE event_id = @event AND status = 'confirmed'");
            cancelAll.Parameters.AddWithValue("event", row.Id);
            cancelAll.Parameters.AddWithValue("at", cancellation.At);
            yield return (cancelAll, null, "cancelling every booking");
            foreach (var step in SeatCommands.FreeAll(row.Id))
            {
                yield return step;
            }
        }

        if (batch.WaitlistRows.Count > 0)
        {
            yield return (WaitlistCommands.UpsertEntries(row.Id, batch.WaitlistRows), null, "writing waitlist entries");
        }

        var created = batch.Promotions.Where(p => p.IsNew).ToList();
        if (created.Count > 0)
        {
            yield return (WaitlistCommands.InsertPromotions(row.Id, created), created.Count, "inserting promotions");
        }

        var resolved = batch.Promotions.Where(p => !p.IsNew).ToList();
        if (resolved.Count > 0)
        {
            yield return (WaitlistCommands.ResolvePromotions(row.Id, resolved), resolved.Count, "resolving active promotions");
        }

        var newHolds = batch.Holds.Where(h => h.IsNew).ToList();
        if (newHolds.Count > 0)
        {
            yield return (HoldCommands.Insert(row.Id, newHolds), newHolds.Count, "inserting holds");
        }

        var resolvedHolds = batch.Holds.Where(h => !h.IsNew).ToList();
        if (resolvedHolds.Count > 0)
        {
            yield return (HoldCommands.Resolve(row.Id, resolvedHolds), resolvedHolds.Count, "resolving held holds");
        }

        if (batch.Notifications.Count > 0)
        {
            yield return (OutboxCommands.Insert(row.Id, batch.Notifications), batch.Notifications.Count, "writing notifications");
        }

        if (batch.PriceChanges.Count > 0)
        {
            yield return (InsertPriceChanges(row.Id, batch.PriceChanges), batch.PriceChanges.Count, "recording prices");
        }

        // Last: its version check decides whether the whole batch stands.
        yield return (UpdateEvent(row, expectedVersion), 1, $"updating the event at version {expectedVersion}");
    }

    /// <summary>The optimistic events-row update: affects one row only while <paramref name="expected"/> is still the version.</summary>
    private static NpgsqlBatchCommand UpdateEvent(EventRecord row, long expected)
    {
        var update = new NpgsqlBatchCommand($"""
            UPDATE events SET name = @name, description = @description, venue = @venue, event_date = @date,
                total_capacity = @capacity, available_seats = @available, held_seats = @held, price = @price,
                base_price = @basePrice, pricing_policy = @policy, status = @status, promotion_window_minutes = @window,
                hold_minutes = @holdMinutes, edit_version = @editVersion, version = version + 1, updated_at = @updatedAt, {SaleColumns.Set}
            WHERE id = @id AND version = @expected
            """);
        AddEventParameters(update.Parameters, row);
        update.Parameters.AddWithValue("expected", expected);
        return update;
    }

    private static NpgsqlBatchCommand InsertBookings(List<Booking> bookings)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, status, idempotency_key,
                                  idempotency_request, created_at)
            SELECT id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, 'confirmed', idempotency_key,
                   idempotency_request, created_at
            FROM unnest(@ids, @users, @events, @refs, @quantities, @unitPrices, @totals, @keys, @requests, @createdAt)
                AS b(id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, idempotency_key, idempotency_request, created_at)
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
        command.Parameters.Add(new NpgsqlParameter("requests", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = bookings.Select(b => (object?)b.IdempotencyRequest ?? DBNull.Value).ToArray(),
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

    public static void AddEventParameters(NpgsqlParameterCollection parameters, EventRecord row)
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
        SaleColumns.AddParameters(parameters, row.Sale);
        parameters.AddWithValue("holdMinutes", row.HoldMinutes);
        parameters.AddWithValue("editVersion", row.EditVersion);
    }
}
