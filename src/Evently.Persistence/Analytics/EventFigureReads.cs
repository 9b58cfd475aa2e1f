using Evently.Persistence.Sharding;

namespace Evently.Persistence.Analytics;

/// <summary>An event's figures as the admin analytics count them (docs/api.md#analytics), from the event's own shard.</summary>
public sealed class EventFigureReads(ShardDataSources databases)
{
    /// <summary>The figures of event <paramref name="eventId"/>, or null when there is no such event.</summary>
    public async Task<EventFigures?> ForEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(eventId).CreateCommand("""
            SELECT e.name, e.total_capacity, e.held_seats,
                   (SELECT count(*) FROM bookings b WHERE b.event_id = e.id),
                   (SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed'),
                   (SELECT count(*) FROM bookings b WHERE b.event_id = e.id AND b.status = 'cancelled'),
                   (SELECT coalesce(sum(b.quantity), 0) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed')::bigint,
                   (SELECT coalesce(sum(b.total_amount), 0) FROM bookings b WHERE b.event_id = e.id AND b.status = 'confirmed')::numeric,
                   (SELECT count(*) FROM waitlists w WHERE w.event_id = e.id),
                   (SELECT count(*) FROM waitlists w WHERE w.event_id = e.id AND w.status = 'booked')
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
            Figures.Money(reader.GetDecimal(7)), Figures.Rate(cancelled, total), Figures.Rate(sold, capacity), joins, Figures.Rate(reader.GetInt64(9), joins));
    }
}
