using Evently.Persistence.Storage;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>Browsing events across every shard, ordered by date.</summary>
public sealed class EventReads(ShardAggregator aggregator)
{
    /// <summary>Published events matching <paramref name="search"/>, by date then id, with the total across shards.</summary>
    public async Task<Paged<EventListItem>> SearchAsync(EventSearch search, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            // Parameters only: search text is data, never SQL. ILIKE patterns escape their own wildcards.
            await using var command = shard.CreateCommand($$"""
                SELECT {{EventRows.Columns}},
                       count(*) OVER ()
                FROM events
                WHERE status = 'published' AND event_date >= @from AND (@to::timestamptz IS NULL OR event_date < @to)
                  AND (@text::text IS NULL OR name ILIKE @text OR description ILIKE @text OR venue ILIKE @text)
                  AND (@venue::text IS NULL OR venue ILIKE @venue)
                ORDER BY event_date, id
                LIMIT @limit
                """);
            command.Parameters.AddWithValue("from", search.From);
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)search.To ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("text", NpgsqlTypes.NpgsqlDbType.Text) { Value = Pattern(search.Text) });
            command.Parameters.Add(new NpgsqlParameter("venue", NpgsqlTypes.NpgsqlDbType.Text) { Value = Pattern(search.Venue) });
            command.Parameters.AddWithValue("limit", search.Page * search.PageSize);
            var rows = new List<EventListItem>();
            long total = -1;
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    rows.Add(EventRows.Read(reader));
                    total = reader.GetInt64(EventRows.ColumnCount);
                }
            }

            if (total < 0)
            {
                // The page lies past this shard's rows (or it has none): count without them.
                command.CommandText = command.CommandText
                    .Replace(", count(*) OVER ()", string.Empty, StringComparison.Ordinal);
                total = rows.Count == 0 && search.Page == 1 ? 0 : await CountAsync(command, ct).ConfigureAwait(false);
            }

            return (Rows: (IReadOnlyList<EventListItem>)rows, Total: total);
        }, cancellationToken).ConfigureAwait(false);
        var items = ShardAggregator.MergePage(perShard.Select(s => s.Rows), ByDate.Instance, search.Page, search.PageSize);
        return new Paged<EventListItem>(items, search.Page, search.PageSize, perShard.Sum(s => s.Total));
    }

    private static async Task<long> CountAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var sql = command.CommandText;
        var from = sql.IndexOf("FROM events", StringComparison.Ordinal);
        var order = sql.IndexOf("ORDER BY", StringComparison.Ordinal);
        command.CommandText = "SELECT count(*) " + sql[from..order];
        command.Parameters.RemoveAt("limit");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static object Pattern(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? DBNull.Value
            : "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private sealed class ByDate : IComparer<EventListItem>
    {
        public static readonly ByDate Instance = new();

        public int Compare(EventListItem? x, EventListItem? y)
        {
            var byDate = x!.EventDate.CompareTo(y!.EventDate);
            return byDate != 0 ? byDate : x.Id.CompareTo(y.Id);
        }
    }
}
