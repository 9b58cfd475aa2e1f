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
                    SELECT day, bookings, tickets_sold AS sold, cancellations, revenue
                    FROM event_daily_sales
                    WHERE {window.WholeDays("day")}
                    UNION ALL
                    SELECT (created_at AT TIME ZONE 'UTC')::date, 1,
                           CASE WHEN status = 'confirmed' THEN quantity ELSE 0 END, 0,
                           CASE WHEN status = 'confirmed' THEN total_amount ELSE 0 END
                    FROM bookings
                    WHERE {window.PartDays("created_at")}
                    UNION ALL
                    SELECT (cancelled_at AT TIME ZONE 'UTC')::date, 0, 0, 1, 0
                    FROM bookings
                    WHERE cancelled_at IS NOT NULL AND ({window.PartDays("cancelled_at")})
                ) d
                GROUP BY day
                HAVING sum(bookings) > 0 OR sum(cancellations) > 0
                """);
            window.BindDays(command);
            window.BindEdges(command);
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
