using Npgsql;

namespace Evently.Persistence.Analytics;

public sealed partial class AnalyticsReads
{
    /// <summary>The <see cref="SalesSummary"/> of bookings created and waitlist entries joined in <paramref name="window"/>.</summary>
    public async Task<SalesSummary> SummaryAsync(DateWindow window, CancellationToken cancellationToken = default)
    {
        var perShard = await aggregator.QueryAllAsync((shard, ct) => ShardSummaryAsync(shard, window, null, ct), cancellationToken).ConfigureAwait(false);
        return Merge(perShard);
    }

    /// <summary>
    /// One shard's figures, of every event on it, or of <paramref name="organizerId"/>'s events only: an organizer's
    /// events all live on one shard, so that shard's figures restricted to them are the organizer's whole summary.
    /// </summary>
    internal static async Task<ShardSummary> ShardSummaryAsync(NpgsqlDataSource shard, DateWindow window, Guid? organizerId, CancellationToken ct)
    {
        var theirs = organizerId is null ? "" : " AND event_id IN (SELECT id FROM events WHERE organizer_id = @organizer)";

        // Per event first, so the capacity of each event with bookings in the window is counted once.
        await using var command = shard.CreateCommand($"""
            WITH parts AS (
                SELECT event_id, bookings AS total, confirmed, cancelled, tickets_sold AS sold, revenue
                FROM event_daily_sales
                WHERE ({window.WholeDays("day")}){theirs}
                UNION ALL
                SELECT event_id, 1, (status = 'confirmed')::int, (status = 'cancelled')::int,
                       CASE WHEN status = 'confirmed' THEN quantity ELSE 0 END,
                       CASE WHEN status = 'confirmed' THEN total_amount ELSE 0 END
                FROM bookings
                WHERE ({window.PartDays("created_at")}){theirs}
            ), per_event AS (
                SELECT event_id, sum(total) AS total, sum(confirmed) AS confirmed, sum(cancelled) AS cancelled,
                       sum(sold) AS sold, sum(revenue) AS revenue
                FROM parts
                GROUP BY event_id
                HAVING sum(total) > 0
            )
            SELECT coalesce(sum(p.total), 0)::bigint,
                   coalesce(sum(p.confirmed), 0)::bigint,
                   coalesce(sum(p.cancelled), 0)::bigint,
                   coalesce(sum(p.sold), 0)::bigint,
                   coalesce(sum(p.revenue), 0)::numeric,
                   coalesce(sum(p.sold) FILTER (WHERE e.status <> 'cancelled'), 0)::bigint,
                   coalesce(sum(e.total_capacity) FILTER (WHERE e.status <> 'cancelled'), 0)::bigint,
                   min(w.joins), min(w.booked), min(h.made), min(h.confirmed), min(h.expired)
            FROM (SELECT count(*) AS joins, count(*) FILTER (WHERE status = 'booked') AS booked
                  FROM waitlists
                  WHERE {window.Predicate("joined_at")}{theirs}) w
            CROSS JOIN (SELECT count(*) AS made, count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
                               count(*) FILTER (WHERE status = 'expired') AS expired
                        FROM holds
                        WHERE {window.Predicate("created_at")}{theirs}) h
            LEFT JOIN (per_event p JOIN events e ON e.id = p.event_id) ON true
            """);
        window.BindInstants(command);
        window.BindDays(command);
        window.BindEdges(command);
        if (organizerId is { } organizer)
        {
            command.Parameters.AddWithValue("organizer", organizer);
        }

        var rows = await ReadAllAsync(command, r => new ShardSummary(
            r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4),
            r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11)), ct).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>The shards' figures added up, each rate taken from the sums.</summary>
    internal static SalesSummary Merge(IReadOnlyCollection<ShardSummary> perShard)
    {
        var total = perShard.Sum(s => s.Total);
        var cancelled = perShard.Sum(s => s.Cancelled);
        var joins = perShard.Sum(s => s.WaitlistJoins);
        var holds = perShard.Sum(s => s.Holds);
        var holdsConfirmed = perShard.Sum(s => s.HoldsConfirmed);
        return new SalesSummary(
            total,
            perShard.Sum(s => s.Confirmed),
            cancelled,
            perShard.Sum(s => s.Sold),
            Figures.Money(perShard.Sum(s => s.Revenue)),
            Figures.Rate(cancelled, total),
            Figures.Rate(perShard.Sum(s => s.SoldOnOpenEvents), perShard.Sum(s => s.CapacityOfOpenEvents)),
            joins,
            Figures.Rate(perShard.Sum(s => s.WaitlistBooked), joins),
            holds,
            holdsConfirmed,
            perShard.Sum(s => s.HoldsExpired),
            Figures.Rate(holdsConfirmed, holds));
    }
}
