namespace Evently.IntegrationTests.Analytics;

/// <summary>
/// The analytics definitions computed a second way: LINQ over the raw rows of every shard, with no rollup and no SQL
/// aggregation, so the API's figures can be checked against the tables themselves.
/// </summary>
public static class ExpectedAnalytics
{
    /// <summary>The summary of bookings created and waitlist entries joined in [from, to).</summary>
    public static SummaryBody Summary(RawTables raw, DateTimeOffset? from, DateTimeOffset? to)
    {
        var bookings = raw.Bookings.Where(b => In(b.CreatedAt, from, to)).ToList();
        var confirmed = bookings.Where(b => b.Status == "confirmed").ToList();
        var open = raw.Events.Where(e => e.Status != "cancelled").ToDictionary(e => e.Id);
        var withBookings = bookings.Select(b => b.EventId).Distinct().Where(open.ContainsKey).ToList();
        var joins = raw.Waitlists.Where(w => In(w.JoinedAt, from, to)).ToList();
        return new SummaryBody(
            bookings.Count,
            confirmed.Count,
            bookings.Count(b => b.Status == "cancelled"),
            confirmed.Sum(b => b.Quantity),
            confirmed.Sum(b => b.TotalAmount),
            Rate(bookings.Count(b => b.Status == "cancelled"), bookings.Count),
            Rate(confirmed.Where(b => open.ContainsKey(b.EventId)).Sum(b => b.Quantity), withBookings.Sum(id => (long)open[id].TotalCapacity)),
            joins.Count,
            Rate(joins.Count(w => w.Status == "booked"), joins.Count));
    }

    /// <summary>Per UTC day: bookings created (and of them the confirmed seats and revenue), and cancellations by cancelled_at.</summary>
    public static IReadOnlyList<DailyBody> Daily(RawTables raw, DateTimeOffset? from, DateTimeOffset? to)
    {
        var created = raw.Bookings.Where(b => In(b.CreatedAt, from, to)).ToList();
        var cancelled = raw.Bookings.Where(b => b.CancelledAt is { } at && In(at, from, to)).ToList();
        return created.Select(b => Day(b.CreatedAt)).Concat(cancelled.Select(b => Day(b.CancelledAt!.Value))).Distinct().Order()
            .Select(day =>
            {
                var made = created.Where(b => Day(b.CreatedAt) == day).ToList();
                var kept = made.Where(b => b.Status == "confirmed").ToList();
                return new DailyBody(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), made.Count, kept.Sum(b => b.Quantity),
                    cancelled.Count(b => Day(b.CancelledAt!.Value) == day), kept.Sum(b => b.TotalAmount));
            })
            .ToList();
    }

    /// <summary>Events not cancelled with seats sold, most sold first, ties by id, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<PopularBody> Popular(RawTables raw, int limit) =>
        raw.Events.Where(e => e.Status != "cancelled")
            .Select(e => (Event: e, Sold: Sold(raw, e.Id), Revenue: raw.Bookings.Where(b => b.EventId == e.Id && b.Status == "confirmed").Sum(b => b.TotalAmount)))
            .Where(x => x.Sold > 0)
            .OrderByDescending(x => x.Sold).ThenBy(x => x.Event.Id.ToString("D"), StringComparer.Ordinal)
            .Take(limit)
            .Select(x => new PopularBody(x.Event.Id, x.Event.Name, x.Sold, x.Event.TotalCapacity, Rate(x.Sold, x.Event.TotalCapacity), x.Revenue))
            .ToList();

    /// <summary>Every event not cancelled, fullest first (compared as exact fractions), ties by id.</summary>
    public static IReadOnlyList<UtilizationBody> Utilization(RawTables raw) =>
        raw.Events.Where(e => e.Status != "cancelled")
            .Select(e => new UtilizationBody(e.Id, e.Name, e.TotalCapacity, Sold(raw, e.Id), e.HeldSeats, Rate(Sold(raw, e.Id), e.TotalCapacity)))
            .OrderByDescending(u => (decimal)u.TicketsSold / u.TotalCapacity).ThenBy(u => u.EventId.ToString("D"), StringComparer.Ordinal)
            .ToList();

    private static long Sold(RawTables raw, Guid eventId) => raw.Bookings.Where(b => b.EventId == eventId && b.Status == "confirmed").Sum(b => (long)b.Quantity);

    private static bool In(DateTimeOffset at, DateTimeOffset? from, DateTimeOffset? to) => (from is null || at >= from) && (to is null || at < to);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
}
