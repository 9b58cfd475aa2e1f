using Evently.Persistence.Sharding;

namespace Evently.Persistence.Analytics;

/// <summary>
/// An organizer's figures as the admin analytics count them (docs/api.md#analytics), from their one shard: an event's
/// from the event's shard, an organizer's summary from the shard all their events live on.
/// </summary>
public sealed class EventFigureReads(ShardDataSources databases)
{
    /// <summary>The <see cref="SalesSummary"/> of <paramref name="organizerId"/>'s events, one shard read.</summary>
    public async Task<SalesSummary> SummaryAsync(Guid organizerId, DateWindow window, CancellationToken cancellationToken = default)
    {
        var shard = databases.Shards[databases.Map.ShardOfOrganizer(organizerId)];
        return AnalyticsReads.Merge([await AnalyticsReads.ShardSummaryAsync(shard, window, organizerId, cancellationToken).ConfigureAwait(false)]);
    }

    /// <summary>The figures of event <paramref name="eventId"/>, or null when there is no such event.</summary>
    public async Task<EventFigures?> ForEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(eventId).CreateCommand($"""
            SELECT e.name, e.total_capacity, e.held_seats,
                   (SELECT count(*) FROM bookings b WHERE b.event_id = e.id),
                   (SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed'),
                   (SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'cancelled'),
                   (SELECT coalesce(sum(b.quantity), 0) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed')::bigint,
                   (SELECT coalesce(sum(b.total_amount), 0) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed')::numeric,
                   (SELECT count(*) FROM waitlists w WHERE w.event_id = e.id),
                   (SELECT count(*) FROM waitlists w WHERE w.event_id = e.id AND w.status = 'booked'),
                   {AnalyticsReads.CheckedInOf("e.id")}
            FROM events e WHERE e.id = @event
            """);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var capacity = reader.GetInt32(1);
        var total = reader.GetInt64(3);
        var cancelled = reader.GetInt64(5);
        var sold = reader.GetInt64(6);
        var joins = reader.GetInt64(8);
        return new EventFigures(eventId, reader.GetString(0), capacity, total, reader.GetInt64(4), cancelled, sold, reader.GetInt32(2),
            Figures.Money(reader.GetDecimal(7)), Figures.Rate(cancelled, total), Figures.Rate(sold, capacity), joins, Figures.Rate(reader.GetInt64(9), joins), reader.GetInt64(10));
    }
}
