using Evently.Core.Batches;
using Evently.Domain.Waitlists;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>The batch commands that mirror the waitlist and its promotions.</summary>
internal static class WaitlistCommands
{
    public static NpgsqlBatchCommand UpsertEntries(Guid eventId, List<WaitlistWrite> rows)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO waitlists (id, user_id, event_id, position, quantity, priority_score, joined_at, expires_at, status, notification_preferences, suspended)
            SELECT id, user_id, @event, position, quantity, priority_score, joined_at, expires_at, status, preferences::jsonb, suspended
            FROM unnest(@ids, @users, @positions, @quantities, @priorities, @joined, @expires, @statuses, @preferences, @suspended)
                AS w(id, user_id, position, quantity, priority_score, joined_at, expires_at, status, preferences, suspended)
            ON CONFLICT (id) DO UPDATE SET position = excluded.position, quantity = excluded.quantity,
                priority_score = excluded.priority_score, joined_at = excluded.joined_at, expires_at = excluded.expires_at,
                status = excluded.status, notification_preferences = excluded.notification_preferences, suspended = excluded.suspended
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Entry.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("users", rows.Select(r => r.Entry.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("positions", rows.Select(r => r.Position).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("quantities", rows.Select(r => r.Entry.Quantity).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("priorities", rows.Select(r => r.Entry.PriorityScore).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("joined", rows.Select(r => r.Entry.JoinedAt).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("expires", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = rows.Select(r => r.Entry.Promotion is { } p && r.Entry.Status == WaitlistStatus.Promoted ? (object)p.ExpiresAt : DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", rows.Select(r => r.Entry.Status).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("preferences", rows.Select(r => Preferences(r.Entry.WebhookUrl)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("suspended", rows.Select(r => r.Entry.Suspended).ToArray()));
        return command;
    }

    public static NpgsqlBatchCommand InsertPromotions(Guid eventId, List<PromotionWrite> rows)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO waitlist_promotions (id, waitlist_id, event_id, quantity, promoted_at, expires_at, status, booking_id, resolved_at)
            SELECT id, waitlist_id, @event, quantity, promoted_at, expires_at, status, booking_id, resolved_at
            FROM unnest(@ids, @entries, @quantities, @promoted, @expires, @statuses, @bookings, @resolved)
                AS p(id, waitlist_id, quantity, promoted_at, expires_at, status, booking_id, resolved_at)
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("entries", rows.Select(r => r.WaitlistId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("quantities", rows.Select(r => r.Quantity).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("promoted", rows.Select(r => r.PromotedAt).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("expires", rows.Select(r => r.ExpiresAt).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", rows.Select(r => r.Status).ToArray()));
        AddResolution(command, rows);
        return command;
    }

    /// <summary>Resolves promotions that must still be active; the caller checks that every one of them was.</summary>
    public static NpgsqlBatchCommand ResolvePromotions(Guid eventId, List<PromotionWrite> rows)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE waitlist_promotions w SET status = r.status, booking_id = r.booking_id, resolved_at = r.resolved_at
            FROM unnest(@ids, @statuses, @bookings, @resolved) AS r(id, status, booking_id, resolved_at)
            WHERE w.id = r.id AND w.event_id = @event AND w.status = 'active'
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", rows.Select(r => r.Status).ToArray()));
        AddResolution(command, rows);
        return command;
    }

    private static void AddResolution(NpgsqlBatchCommand command, List<PromotionWrite> rows)
    {
        command.Parameters.Add(new NpgsqlParameter("bookings", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
        {
            Value = rows.Select(r => r.BookingId is { } b ? (object)b : DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("resolved", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = rows.Select(r => r.ResolvedAt is { } t ? (object)t : DBNull.Value).ToArray(),
        });
    }

    private static string Preferences(string? webhookUrl) =>
        webhookUrl is null
            ? """{"inApp": true}"""
            : System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["inApp"] = true, ["webhookUrl"] = webhookUrl });
}
