namespace Evently.Persistence.Analytics;

public sealed partial class AnalyticsReads
{
    /// <summary>The <see cref="SalesSummary"/> of bookings created and waitlist entries joined in <paramref name="window"/>.</summary>
    public async Task<SalesSummary> SummaryAsync(DateWindow window, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync(async (shard, ct) =>
        {
            // Per event first, so the capacity of each event with bookings in the window is counted once.
            await using var command = shard.CreateCommand($"""
                WITH per_event AS (
                    SELECT event_id,
                           count(*) AS total,
                           count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
                           count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
                           coalesce(sum(quantity) FILTER (WHERE status = 'confirmed'), 0) AS sold,
                           coalesce(sum(total_amount) FILTER (WHERE status = 'confirmed'), 0) AS revenue
                    FROM bookings
                    WHERE {window.Predicate("created_at")}
                    GROUP BY event_id
                )
                SELECT coalesce(sum(p.total), 0)::bigint,
                       coalesce(sum(p.confirmed), 0)::bigint,
                       coalesce(sum(p.cancelled), 0)::bigint,
                       coalesce(sum(p.sold), 0)::bigint,
                       coalesce(sum(p.revenue), 0)::numeric,
                       coalesce(sum(p.sold) FILTER (WHERE e.status <> 'cancelled'), 0)::bigint,
                       coalesce(sum(e.total_capacity) FILTER (WHERE e.status <> 'cancelled'), 0)::bigint,
                       (SELECT count(*) FROM waitlists WHERE {window.Predicate("joined_at")}),
                       (SELECT count(*) FROM waitlists WHERE {window.Predicate("joined_at")} AND status = 'booked')
                FROM per_event p
                JOIN events e ON e.id = p.event_id
                """);
            window.Bind(command);
            var rows = await ReadAllAsync(command, r => new ShardSummary(
                r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4),
                r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8)), ct).ConfigureAwait(false);
            return rows[0];
        }, cancellationToken).ConfigureAwait(false);

        var total = perShard.Sum(s => s.Total);
        var cancelled = perShard.Sum(s => s.Cancelled);
        var joins = perShard.Sum(s => s.WaitlistJoins);
        return new SalesSummary(
            total,
            perShard.Sum(s => s.Confirmed),
            cancelled,
            perShard.Sum(s => s.Sold),
            Figures.Money(perShard.Sum(s => s.Revenue)),
            Figures.Rate(cancelled, total),
            Figures.Rate(perShard.Sum(s => s.SoldOnOpenEvents), perShard.Sum(s => s.CapacityOfOpenEvents)),
            joins,
            Figures.Rate(perShard.Sum(s => s.WaitlistBooked), joins));
    }

    private sealed record ShardSummary(
        long Total, long Confirmed, long Cancelled, long Sold, decimal Revenue,
        long SoldOnOpenEvents, long CapacityOfOpenEvents, long WaitlistJoins, long WaitlistBooked);
}
