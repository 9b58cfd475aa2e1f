using Evently.Core;
using Evently.Domain.Events;
using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>
/// An organizer's own events of every status, newest first. An organizer's events all live on the shard their id
/// hashes to (docs/architecture.md#sharding), so this reads one shard.
/// </summary>
public sealed class OrganizerEventReads(ShardDataSources databases)
{
    /// <summary>
    /// One page of <paramref name="organizerId"/>'s events; <paramref name="status"/> as clients see it (a published event
    /// whose date has passed is <c>completed</c>), or null for all.
    /// </summary>
    public async Task<Paged<EventRecord>> ListAsync(
        Guid organizerId, string? status, DateTimeOffset now, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var shard = databases.Shards[databases.Map.ShardOfOrganizer(organizerId)];
        var items = new List<EventRecord>();
        long? total = null;
        await using (var command = Filtered(shard, $"SELECT {EventRows.Columns}, count(*) OVER () FROM events WHERE {Where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset", organizerId, status, now))
        {
            command.Parameters.AddWithValue("limit", pageSize);
            command.Parameters.AddWithValue("offset", (long)(page - 1) * pageSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(EventRows.Read(reader));
                total = reader.GetInt64(EventRows.ColumnCount);
            }
        }

        // A page past the end has no row to carry the count.
        if (total is null && page > 1)
        {
            await using var count = Filtered(shard, $"SELECT count(*) FROM events WHERE {Where}", organizerId, status, now);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        return new Paged<EventRecord>(items, page, pageSize, total ?? 0);
    }

    private const string Where = $"""
        organizer_id = @organizer
          AND (@status::text IS NULL
               OR (@status = '{EventStatus.Completed}' AND status = '{EventStatus.Published}' AND event_date <= @now)
               OR (@status = '{EventStatus.Published}' AND status = '{EventStatus.Published}' AND event_date > @now)
               OR (@status NOT IN ('{EventStatus.Completed}', '{EventStatus.Published}') AND status = @status))
        """;

    private static NpgsqlCommand Filtered(NpgsqlDataSource shard, string sql, Guid organizerId, string? status, DateTimeOffset now)
    {
        var command = shard.CreateCommand(sql);
        command.Parameters.AddWithValue("organizer", organizerId);
        command.Parameters.Add(new NpgsqlParameter<string?>("status", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = status });
        command.Parameters.AddWithValue("now", now);
        return command;
    }
}
