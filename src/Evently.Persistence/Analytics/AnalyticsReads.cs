using Evently.Persistence.Queries;
using Npgsql;

namespace Evently.Persistence.Analytics;

/// <summary>
/// Admin analytics over every shard: each figure is one SQL statement per shard, run in parallel by the
/// <see cref="ShardAggregator"/>, then merged here (sums, or a top-N / page merge). Sales come from
/// <c>event_daily_sales</c> (per event and UTC day, kept exact by triggers on bookings: migration 0005), so a read
/// costs the number of event-days, not of bookings; part-days at a window's edges are read from bookings.
/// Cancelled events count for booking totals but never for capacity figures: their seats were never for sale to the end.
/// </summary>
public sealed partial class AnalyticsReads(ShardAggregator aggregator)
{
    /// <summary>Largest <c>limit</c> of <see cref="PopularEventsAsync"/>.</summary>
    public const int MaxLimit = 100;

    /// <summary>SQL for the seats checked in at the door of the event <paramref name="eventId"/> (an SQL expression): Σ quantity of its checked-in confirmed bookings.</summary>
    internal static string CheckedInOf(string eventId) =>
        $"(SELECT coalesce(sum(b.quantity), 0) FROM bookings b WHERE b.event_id = {eventId} AND b.status = 'confirmed' AND b.checked_in_at IS NOT NULL)::bigint";

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
