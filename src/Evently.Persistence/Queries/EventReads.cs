using Evently.Core;
using Evently.Domain.Events;
using Evently.Persistence.Storage;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>Browsing events across every shard, ordered by date.</summary>
public sealed class EventReads(ShardAggregator aggregator)
{
    /// <summary>Published events matching <paramref name="search"/>, by date then id, with the total across shards.</summary>
    public Task<Paged<EventRecord>> SearchAsync(EventSearch search, CancellationToken cancellationToken = default) =>
        aggregator.PageAsync(
            (shard, limit) =>
            {
                // Parameters only: search text is data, never SQL. ILIKE patterns escape their own wildcards.
                var command = shard.CreateCommand($$"""
                    SELECT {{EventRows.Columns}}, count(*) OVER ()
                    FROM events
                    WHERE status = '{{EventStatus.Published}}' AND event_date >= @from AND (@to::timestamptz IS NULL OR event_date < @to)
                      AND (@text::text IS NULL OR name ILIKE @text OR description ILIKE @text OR venue ILIKE @text)
                      AND (@venue::text IS NULL OR venue ILIKE @venue)
                    ORDER BY event_date, id
                    LIMIT @limit
                    """);
                command.Parameters.AddWithValue("from", search.From);
                command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)search.To ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter<string?>("text", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = Pattern(search.Text) });
                command.Parameters.Add(new NpgsqlParameter<string?>("venue", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = Pattern(search.Venue) });
                command.Parameters.AddWithValue("limit", limit);
                return command;
            },
            EventRows.Read, ByDate.Instance, search.Page, search.PageSize, cancellationToken);

    private static string? Pattern(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private sealed class ByDate : IComparer<EventRecord>
    {
        public static readonly ByDate Instance = new();

        public int Compare(EventRecord? x, EventRecord? y)
        {
            var byDate = x!.EventDate.CompareTo(y!.EventDate);
            return byDate != 0 ? byDate : x.Id.CompareTo(y.Id);
        }
    }
}
