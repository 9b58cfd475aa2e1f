using Evently.Core.Batches;
using Npgsql;
using NpgsqlTypes;

namespace Evently.Persistence.Storage;

/// <summary>
/// The outbox: every notification of every kind (promotions, cancellations, expired holds, admissions) is a
/// <c>notifications</c> row written in the batch that caused it; webhooks are delivered from there.
/// </summary>
internal static class OutboxCommands
{
    public static NpgsqlBatchCommand Insert(Guid eventId, List<OutboxMessage> rows)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO notifications (id, user_id, event_id, kind, payload, webhook_url, created_at, next_attempt_at)
            SELECT id, user_id, @event, kind, payload::jsonb, webhook_url, created_at, CASE WHEN webhook_url IS NULL THEN NULL ELSE created_at END
            FROM unnest(@ids, @users, @kinds, @payloads, @webhooks, @created) AS n(id, user_id, kind, payload, webhook_url, created_at)
            """);
        command.Parameters.AddWithValue("event", eventId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("users", rows.Select(r => r.UserId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("kinds", rows.Select(r => r.Kind).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("payloads", rows.Select(r => r.Payload).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("webhooks", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = rows.Select(r => (object?)r.WebhookUrl ?? DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("created", rows.Select(r => r.CreatedAt).ToArray()));
        return command;
    }
}
