using System.Text.Json;
using Evently.Persistence.Notifications;

namespace Evently.Persistence.Queries;

/// <summary>
/// A user's notifications across every shard, newest first. Only the newest <see cref="MaxListed"/> are listed and
/// counted, so a request reads a bounded number of index entries per shard however many rows the user has.
/// </summary>
public sealed class NotificationReads(ShardAggregator aggregator)
{
    /// <summary>How many of a user's newest notifications can be paged through (older ones are also removed by retention).</summary>
    public const int MaxListed = 1_000;

    private static readonly NewestFirst<NotificationView> Newest = new(n => n.CreatedAt, n => n.Id);

    /// <summary>One page of the user's notifications; <paramref name="page"/> × <paramref name="pageSize"/> must not exceed <see cref="MaxListed"/>.</summary>
    public async Task<NotificationPage> ForUserAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            await using var command = shard.CreateCommand($"""
                SELECT id, kind, event_id, payload::text, created_at, read_at, webhook_url IS NOT NULL,
                       CASE WHEN dispatched_at IS NOT NULL THEN '{DeliveryStatus.Delivered}'
                            WHEN failed_at IS NOT NULL THEN '{DeliveryStatus.Failed}' ELSE '{DeliveryStatus.Pending}' END,
                       attempts, last_attempt_at, dispatched_at, next_attempt_at
                FROM notifications WHERE user_id = @user ORDER BY created_at DESC, id DESC LIMIT @limit
                """);
            command.Parameters.AddWithValue("user", userId);
            command.Parameters.AddWithValue("limit", page * pageSize + 1);
            var rows = new List<NotificationView>();
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    using var payload = JsonDocument.Parse(Wire.WireJson.Normalize(reader.GetString(3)));
                    var delivery = reader.GetBoolean(6)
                        ? new NotificationDelivery(reader.GetString(7), reader.GetInt32(8), Nullable(reader, 9), Nullable(reader, 10), Nullable(reader, 11))
                        : null;
                    rows.Add(new NotificationView(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), payload.RootElement.Clone(),
                        reader.GetFieldValue<DateTimeOffset>(4), Nullable(reader, 5), delivery));
                }
            }

            // Counting stops at MaxListed + 1 rows: an index-only walk of bounded length, never all of a user's rows.
            await using var count = shard.CreateCommand("SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id = @user LIMIT @cap) t");
            count.Parameters.AddWithValue("user", userId);
            count.Parameters.AddWithValue("cap", MaxListed + 1);
            var total = (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            return (Rows: (IReadOnlyList<NotificationView>)rows, Total: total);
        }, cancellationToken).ConfigureAwait(false);
        // Each shard returned its first page × pageSize + 1 rows: enough to fill this page and see whether another follows.
        var window = perShard.SelectMany(s => s.Rows).Order(Newest).Skip((page - 1) * pageSize).Take(pageSize + 1).ToList();
        var items = window.Take(pageSize).ToList();
        var hasMore = window.Count > pageSize && page * pageSize < MaxListed;
        return new NotificationPage(items, page, pageSize, Math.Min(perShard.Sum(s => s.Total), MaxListed), hasMore);
    }

    private static DateTimeOffset? Nullable(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
