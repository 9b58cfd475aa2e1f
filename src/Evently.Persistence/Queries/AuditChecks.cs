namespace Evently.Persistence.Queries;

/// <summary>
/// The auditor's checks that one shard can answer alone. Each query returns (event id, detail) per broken row;
/// the name is the stable <c>check</c> of its findings.
/// </summary>
internal static class AuditChecks
{
    /// <summary>How long after its expiry an active promotion is overdue: the reminder ticks every minute.</summary>
    public const string OverdueAfter = "2 minutes";

    /// <summary>The per-shard checks, in the order they are reported.</summary>
    public static readonly (string Check, string Sql)[] PerShard =
    [
        ("seat_equation", """
            SELECT e.id, format('available %s + held %s + confirmed %s <> capacity %s', e.available_seats, e.held_seats, coalesce(b.sold, 0), e.total_capacity)
            FROM events e
            LEFT JOIN (SELECT event_id, sum(quantity) AS sold FROM bookings WHERE status = 'confirmed' GROUP BY event_id) b ON b.event_id = e.id
            WHERE e.available_seats + e.held_seats + coalesce(b.sold, 0) <> e.total_capacity
            """),
        ("booking_total", """
            SELECT event_id, format('booking %s: %s x %s <> %s', booking_ref, quantity, unit_price, total_amount)
            FROM bookings WHERE round(quantity * unit_price, 2) <> total_amount
            """),
        ("cancelled_event_bookings", """
            SELECT b.event_id, format('%s confirmed bookings on a cancelled event', count(*))
            FROM bookings b JOIN events e ON e.id = b.event_id
            WHERE e.status = 'cancelled' AND b.status = 'confirmed' GROUP BY b.event_id
            """),
        // Held seats are waitlist promotions and checkout holds alike.
        ("held_seats", """
            SELECT e.id, format('held %s <> %s seats of active promotions + %s seats of active holds', e.held_seats, coalesce(p.held, 0), coalesce(h.held, 0))
            FROM events e
            LEFT JOIN (SELECT event_id, sum(quantity) AS held FROM waitlist_promotions WHERE status = 'active' GROUP BY event_id) p ON p.event_id = e.id
            LEFT JOIN (SELECT event_id, sum(quantity) AS held FROM holds WHERE status = 'held' GROUP BY event_id) h ON h.event_id = e.id
            WHERE e.held_seats <> coalesce(p.held, 0) + coalesce(h.held, 0)
            """),
        ("confirmed_hold_booking", """
            SELECT h.event_id, format('confirmed hold %s has no booking of its user, quantity and price (booking %s)', h.id, h.booking_id)
            FROM holds h
            LEFT JOIN bookings b ON b.id = h.booking_id
            WHERE h.status = 'confirmed'
              AND (b.id IS NULL OR b.event_id <> h.event_id OR b.user_id <> h.user_id OR b.quantity <> h.quantity OR b.unit_price <> h.unit_price)
            """),
        ("hold_overdue", $"""
            SELECT event_id, format('hold %s expired at %s and is still held', id, expires_at)
            FROM holds
            WHERE status = 'held' AND expires_at < now() - interval '{OverdueAfter}'
            """),
        ("promotion_per_promoted_entry", """
            SELECT w.event_id, format('promoted waitlist entry %s has %s active promotions', w.id, count(p.id))
            FROM waitlists w
            LEFT JOIN waitlist_promotions p ON p.waitlist_id = w.id AND p.status = 'active'
            WHERE w.status = 'promoted'
            GROUP BY w.id, w.event_id
            HAVING count(p.id) <> 1
            UNION ALL
            SELECT p.event_id, format('active promotion %s belongs to a %s waitlist entry of event %s', p.id, w.status, w.event_id)
            FROM waitlist_promotions p
            JOIN waitlists w ON w.id = p.waitlist_id
            WHERE p.status = 'active' AND (w.status <> 'promoted' OR w.event_id <> p.event_id)
            """),
        ("promotion_overdue", $"""
            SELECT event_id, format('promotion %s expired at %s and is still active', id, expires_at)
            FROM waitlist_promotions
            WHERE status = 'active' AND expires_at < now() - interval '{OverdueAfter}'
            """),
        // Reserved seating: every seat in exactly one state, the map's counts equal the events row's, every sold seat
        // in exactly one confirmed booking (the primary key gives at most one), every held seat in an active holder.
        ("seat_counts", """
            SELECT e.id, format('plan %s seats, %s sold seat rows, %s held seat rows; events row: capacity %s, sold %s, held %s',
                                sp.seat_count, coalesce(b.n, 0), coalesce(h.n, 0), e.total_capacity,
                                e.total_capacity - e.available_seats - e.held_seats, e.held_seats)
            FROM seating_plans sp
            JOIN events e ON e.id = sp.event_id
            LEFT JOIN (SELECT event_id, count(*) AS n FROM booking_seats GROUP BY event_id) b ON b.event_id = e.id
            LEFT JOIN (SELECT event_id, count(*) AS n FROM held_seats GROUP BY event_id) h ON h.event_id = e.id
            WHERE sp.seat_count <> e.total_capacity
               OR coalesce(b.n, 0) <> e.total_capacity - e.available_seats - e.held_seats
               OR coalesce(h.n, 0) <> e.held_seats
            """),
        ("seat_states", """
            SELECT b.event_id, format('seat %s is both sold (booking %s) and held (%s)', b.seat, b.booking_id, h.holder_id)
            FROM booking_seats b JOIN held_seats h ON h.event_id = b.event_id AND h.seat = b.seat
            UNION ALL
            SELECT s.event_id, format('seat %s is outside the plan of %s seats', s.seat, coalesce(sp.seat_count, 0))
            FROM (SELECT event_id, seat FROM booking_seats UNION ALL SELECT event_id, seat FROM held_seats) s
            LEFT JOIN seating_plans sp ON sp.event_id = s.event_id
            WHERE sp.event_id IS NULL OR s.seat >= sp.seat_count
            """),
        ("sold_seat_booking", """
            SELECT s.event_id, format('booking %s holds %s seats but is %s with quantity %s', s.booking_id, s.n,
                                      coalesce(b.status, 'missing'), coalesce(b.quantity, 0))
            FROM (SELECT event_id, booking_id, count(*) AS n FROM booking_seats GROUP BY event_id, booking_id) s
            LEFT JOIN bookings b ON b.id = s.booking_id AND b.event_id = s.event_id
            WHERE b.id IS NULL OR b.status <> 'confirmed' OR b.quantity <> s.n
            UNION ALL
            SELECT b.event_id, format('confirmed booking %s of a seated event holds no seats', b.id)
            FROM bookings b JOIN seating_plans sp ON sp.event_id = b.event_id
            WHERE b.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM booking_seats s WHERE s.booking_id = b.id)
            """),
        ("held_seat_holder", """
            SELECT s.event_id, format('%s seats held by %s, which is no active hold or promotion of that quantity', s.n, s.holder_id)
            FROM (SELECT event_id, holder_id, count(*) AS n FROM held_seats GROUP BY event_id, holder_id) s
            LEFT JOIN holds h ON h.id = s.holder_id AND h.event_id = s.event_id AND h.status = 'held'
            LEFT JOIN waitlist_promotions p ON p.id = s.holder_id AND p.event_id = s.event_id AND p.status = 'active'
            WHERE coalesce(h.quantity, p.quantity) IS DISTINCT FROM s.n
            """),
    ];
}
