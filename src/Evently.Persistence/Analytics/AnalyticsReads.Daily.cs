namespace Evently.Persistence.Analytics;

public sealed partial class AnalyticsReads
{
    /// <summary>
    /// Booking activity per UTC day in <paramref name="window"/>, oldest first; only days with a booking created or
    /// cancelled in the window are listed. A window that starts or ends inside a day counts only that part of it.
    /// </summary>
    public async Task<IReadOnlyList<DailySales>> DailyAsync(DateWindow window, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            await using var command = shard.CreateCommand($"""
                SELECT day, sum(bookings)::bigint, sum(sold)::bigint, sum(cancellations)::bigint, sum(revenue)
                FROM (
                    SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
                           count(*) AS bookings,
                           coalesce(sum(quantity) FILTER (WHERE status = 'confirmed'), 0) AS sold,
                           0 AS cancellations,
                           coalesce(sum(total_amount) FILTER (WHERE status = 'confirmed'), 0) AS revenue
                    FROM bookings
                    WHERE {window.Predicate("created_at")}
                    GROUP BY 1
                    UNION ALL
                    SELECT (cancelled_at AT TIME ZONE 'UTC')::date, 0, 0, count(*), 0
                    FROM bookings
                    WHERE cancelled_at IS NOT NULL AND {window.Predicate("cancelled_at")}
                    GROUP BY 1
                ) d
                GROUP BY day
                """);
            window.Bind(command);
            return await ReadAllAsync(command, r => new DailySales(
                r.GetFieldValue<DateOnly>(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4)), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        return perShard.SelectMany(rows => rows)
            .GroupBy(d => d.Date)
            .Select(g => new DailySales(g.Key, g.Sum(d => d.Bookings), g.Sum(d => d.TicketsSold), g.Sum(d => d.Cancellations), Figures.Money(g.Sum(d => d.Revenue))))
            .OrderBy(d => d.Date)
            .ToList();
    }
}
