using Evently.Persistence.Sharding;

namespace Evently.Persistence.Queries;

/// <summary>An event's price history, from its shard.</summary>
public sealed class PricingReads(ShardDataSources databases)
{
    /// <summary>Every price change of the event, newest first.</summary>
    public async Task<IReadOnlyList<PriceHistoryEntry>> HistoryAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(eventId).CreateCommand("""
            SELECT old_price, new_price, change_reason, applied_by, applied_at
            FROM pricing_history WHERE event_id = @event ORDER BY applied_at DESC, id DESC
            """);
        command.Parameters.AddWithValue("event", eventId);
        var rows = new List<PriceHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PriceHistoryEntry(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rows;
    }
}
