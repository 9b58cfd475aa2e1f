using Npgsql;

namespace Evently.Benchmarks;

/// <summary>
/// Bulk-loads one shard with generate_series: events, bookings skewed towards a few popular events (10% cancelled within
/// a week), waitlist entries; then sizes each event so the seat equation holds. Bookings fall either in each event's
/// 30-day sales window, windows staggered over the last year (<paramref name="spreadOverYear"/> false: how tickets sell), or
/// anywhere in the last year for every event (true: the worst case for the per-event-and-day rollup, one row per booking-day).
/// </summary>
public static class AnalyticsDataSet
{
    /// <summary>Loads <paramref name="events"/> events, <paramref name="bookings"/> bookings and <paramref name="waitlist"/> waitlist entries into one shard.</summary>
    public static async Task LoadAsync(string connectionString, int shard, int events, int bookings, int waitlist, bool spreadOverYear)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            INSERT INTO events (id, organizer_id, name, venue, event_date, total_capacity, available_seats, price, base_price)
            SELECT gen_random_uuid(), gen_random_uuid(), 'Event ' || @shard || '-' || i, 'Venue ' || (i % 20),
                   now() + (i % 90) * interval '1 day', 1000000, 1000000, 20 + (i % 50), 20 + (i % 50)
            FROM generate_series(1, @events) i
            """, shard, events);
        await ExecuteAsync(connection, """
            WITH ev AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(price ORDER BY id) AS prices FROM events),
            r AS (SELECT i,
                         1 + floor(power(random(), 2) * @events)::int AS k,
                         1 + floor(random() * 4)::int AS q,
                         random() AS u,
                         random() < 0.1 AS cancelled,
                         random() AS c
                  FROM generate_series(1, @count) i),
            g AS (SELECT r.*,
                         CASE WHEN @year THEN now() - u * interval '365 days'
                              ELSE now() - (30 + 335.0 * (k - 1) / @events) * interval '1 day' + u * interval '30 days'
                         END AS created
                  FROM r)
            INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, status, created_at, cancelled_at)
            SELECT gen_random_uuid(), gen_random_uuid(), ev.ids[g.k], 'B' || @shard || '-' || g.i, g.q, ev.prices[g.k], ev.prices[g.k] * g.q,
                   CASE WHEN g.cancelled THEN 'cancelled' ELSE 'confirmed' END, g.created,
                   CASE WHEN g.cancelled THEN least(g.created + g.c * interval '7 days', now()) END
            FROM g CROSS JOIN ev
            """, shard, events, bookings, spreadOverYear);
        await ExecuteAsync(connection, """
            UPDATE events e SET total_capacity = c.cap, available_seats = c.cap - c.sold
            FROM (SELECT e2.id, coalesce(s.sold, 0) AS sold,
                         greatest(coalesce(s.sold, 0) + 10, ceil(coalesce(s.sold, 0) / (0.4 + 0.6 * random()))::int) AS cap
                  FROM events e2
                  LEFT JOIN (SELECT event_id, sum(quantity) AS sold FROM bookings WHERE status = 'confirmed' GROUP BY event_id) s
                         ON s.event_id = e2.id) c
            WHERE c.id = e.id
            """, shard, events);
        await ExecuteAsync(connection, """
            WITH ev AS (SELECT array_agg(id ORDER BY id) AS ids FROM events)
            INSERT INTO waitlists (id, user_id, event_id, position, joined_at, status)
            SELECT gen_random_uuid(), gen_random_uuid(), ev.ids[1 + floor(random() * @events)::int], i,
                   now() - random() * interval '365 days', (ARRAY['waiting', 'booked', 'expired', 'left'])[1 + floor(random() * 4)::int]
            FROM generate_series(1, @count) i CROSS JOIN ev
            """, shard, events, waitlist);
        await ExecuteAsync(connection, "VACUUM ANALYZE", shard, events);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, int shard, int events, int count = 0, bool year = false)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        if (sql.Contains("@shard", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("shard", shard.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (sql.Contains("@events", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("events", events);
        }

        if (sql.Contains("@count", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("count", count);
        }

        if (sql.Contains("@year", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("year", year);
        }

        await command.ExecuteNonQueryAsync();
    }
}
