using System.Text.Json;

namespace Evently.Persistence.Queries;

/// <summary>A user's notifications across every shard, newest first.</summary>
public sealed class NotificationReads(ShardAggregator aggregator)
{
    /// <summary>One page of the user's notifications and their total.</summary>
    public async Task<Paged<NotificationView>> ForUserAsync(Guid userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            await using var command = shard.CreateCommand("""
                SELECT id, kind, event_id, payload::text, created_at, read_at, count(*) OVER ()
                FROM notifications WHERE user_id = @user ORDER BY created_at DESC, id DESC LIMIT @limit
                """);
            command.Parameters.AddWithValue("user", userId);
            command.Parameters.AddWithValue("limit", page * pageSize);
            var rows = new List<NotificationView>();
            long total = 0;
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                using var payload = JsonDocument.Parse(reader.GetString(3));
                rows.Add(new NotificationView(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), payload.RootElement.Clone(),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
                total = reader.GetInt64(6);
            }

            if (rows.Count == 0 && page > 1)
            {
                await using var count = shard.CreateCommand("SELECT count(*) FROM notifications WHERE user_id = @user");
                count.Parameters.AddWithValue("user", userId);
                total = (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            }

            return (Rows: (IReadOnlyList<NotificationView>)rows, Total: total);
        }, cancellationToken).ConfigureAwait(false);
        var items = ShardAggregator.MergePage(perShard.Select(s => s.Rows), NewestFirst.Instance, page, pageSize);
        return new Paged<NotificationView>(items, page, pageSize, perShard.Sum(s => s.Total));
    }

    private sealed class NewestFirst : IComparer<NotificationView>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(NotificationView? x, NotificationView? y)
        {
            var byDate = y!.CreatedAt.CompareTo(x!.CreatedAt);
            return byDate != 0 ? byDate : y.Id.CompareTo(x.Id);
        }
    }
}
