using Evently.Persistence.Queries;

namespace Evently.Persistence.Analytics;

public sealed partial class AnalyticsReads
{
    /// <summary>
    /// Every event that is not cancelled with its seats sold and held, fullest first (exact ratio), ties by id;
    /// one page of them and their count across shards.
    /// </summary>
    public Task<Paged<EventUtilization>> UtilizationAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return aggregator.PageAsync(
            (shard, limit) =>
            {
                // Check-ins are summed for the page's rows only, after the limit.
                var command = shard.CreateCommand($"""
                    SELECT t.id, t.name, t.total_capacity, t.sold, t.held_seats, {CheckedInOf("t.id")}, t.total
                    FROM (SELECT e.id, e.name, e.total_capacity, coalesce(s.sold, 0) AS sold, e.held_seats, count(*) OVER () AS total
                          FROM events e
                          LEFT JOIN (SELECT event_id, sum(tickets_sold)::bigint AS sold
                                     FROM event_daily_sales
                                     GROUP BY event_id) s ON s.event_id = e.id
                          WHERE e.status <> 'cancelled'
                          ORDER BY coalesce(s.sold, 0)::float8 / e.total_capacity DESC, e.id
                          LIMIT @limit) t
                    ORDER BY t.sold::float8 / t.total_capacity DESC, t.id
                    """);
                command.Parameters.AddWithValue("limit", limit);
                return command;
            },
            r => new EventUtilization(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetInt32(4), Figures.Rate(r.GetInt64(3), r.GetInt32(2)), r.GetInt64(5)),
            FullestFirst.Instance, page, pageSize, cancellationToken);
    }

    /// <summary>By sold / capacity descending, compared exactly (cross-multiplied), then id ascending.</summary>
    private sealed class FullestFirst : IComparer<EventUtilization>
    {
        public static readonly FullestFirst Instance = new();

        public int Compare(EventUtilization? x, EventUtilization? y)
        {
            var byRatio = (y!.TicketsSold * x!.TotalCapacity).CompareTo(x.TicketsSold * y.TotalCapacity);
            return byRatio != 0 ? byRatio : x.EventId.CompareTo(y.EventId);
        }
    }
}
