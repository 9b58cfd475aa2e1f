using Evently.Core.Batches;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>The batch commands that write checkout holds.</summary>
internal static class HoldCommands
{
    /// <summary>Holds made by the batch, as they stand at its end (a hold made and resolved in one batch is one row).</summary>
    public static NpgsqlBatchCommand Insert(Guid eventId, List<HoldWrite> rows)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO holds (id, event_id, user_id, quantity, unit_price, total_amount, status, expires_at, booking_id,
                               idempotency_key, idempotency_request, created_at, resolved_at)
            SELECT id, @event, user_id, quantity, unit_price, total_amount, status, expires_at, booking_id, idempotency_key,
                   idempotency_request, created_at, resolved_at
            FROM unnest(@ids, @users, @quantities, @unitPrices, @totals, @statuses, @expires, @bookings, @keys, @requests, @created, @resolved)
                AS h(id, user_id, quantity, unit_price, total_amount, status, expires_at, booking_id, idempotency_key, idempotency_request,
                     created_at, resolved_at)
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Hold.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("users", rows.Select(r => r.Hold.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("quantities", rows.Select(r => r.Hold.Quantity).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("unitPrices", rows.Select(r => r.Hold.UnitPrice).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("totals", rows.Select(r => r.Hold.TotalAmount).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("expires", rows.Select(r => r.Hold.ExpiresAt).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
        {
            Value = rows.Select(r => (object?)r.Hold.IdempotencyKey ?? DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("requests", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = rows.Select(r => (object?)r.Hold.IdempotencyRequest ?? DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("created", rows.Select(r => r.Hold.CreatedAt).ToArray()));
        AddResolution(command, rows);
        return command;
    }

    /// <summary>Resolves holds that must still be held; the caller checks that every one of them was.</summary>
    public static NpgsqlBatchCommand Resolve(Guid eventId, List<HoldWrite> rows)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE holds h SET status = r.status, booking_id = r.booking_id, resolved_at = r.resolved_at
            FROM unnest(@ids, @statuses, @bookings, @resolved) AS r(id, status, booking_id, resolved_at)
            WHERE h.id = r.id AND h.event_id = @event AND h.status = 'held'
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Hold.Id).ToArray()));
        AddResolution(command, rows);
        return command;
    }

    private static void AddResolution(NpgsqlBatchCommand command, List<HoldWrite> rows)
    {
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", rows.Select(r => r.Hold.Status).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("bookings", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
        {
            Value = rows.Select(r => r.Hold.BookingId is { } b ? (object)b : DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("resolved", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = rows.Select(r => r.Hold.ResolvedAt is { } t ? (object)t : DBNull.Value).ToArray(),
        });
    }
}
