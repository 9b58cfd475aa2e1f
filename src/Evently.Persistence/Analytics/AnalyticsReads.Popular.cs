namespace Evently.Persistence.Analytics;

public sealed partial class AnalyticsReads
{
    /// <summary>
    /// The <paramref name="limit"/> events (cancelled ones excluded) with the most seats sold, all time, most first,
    /// ties by event id. Events with nothing sold are not listed. Each shard sends its own top
    /// <paramref name="limit"/>; the global top is among them.
    /// </summary>
    public async Task<IReadOnlyList<PopularEvent>> PopularEventsAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            await using var command = shard.CreateCommand($"""
                SELECT t.id, t.name, t.sold, t.total_capacity, t.revenue, {CheckedInOf("t.id")}
                FROM (SELECT e.id, e.name, s.sold, e.total_capacity, s.revenue
                      FROM (SELECT event_id, sum(tickets_sold)::bigint AS sold, sum(revenue) AS revenue
                            FROM event_daily_sales
                            GROUP BY event_id) s
                      JOIN events e ON e.id = s.event_id
                      WHERE e.status <> 'cancelled' AND s.sold > 0
                      ORDER BY s.sold DESC, e.id
                      LIMIT @limit) t
                ORDER BY t.sold DESC, t.id
                """);
            command.Parameters.AddWithValue("limit", limit);
            return await ReadAllAsync(command, r => new PopularEvent(
                r.GetGuid(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3),
                Figures.Rate(r.GetInt64(2), r.GetInt32(3)), Figures.Money(r.GetDecimal(4)), r.GetInt64(5)), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        // Guid order is PostgreSQL's uuid order (unsigned, field by field = byte by byte), so ties merge as each shard cut them.
        return perShard.SelectMany(rows => rows)
            .OrderByDescending(e => e.TicketsSold)
            .ThenBy(e => e.EventId)
            .Take(limit)
            .ToList();
    }
}
