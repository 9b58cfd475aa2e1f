using System.Collections.Concurrent;
using Evently.Domain.Seating;
using Evently.Persistence.Sharding;
using Evently.Persistence.Storage;

namespace Evently.Persistence.Queries;

/// <summary>
/// Seating plans by event and version (<c>updated_at</c>), for naming the seats of bookings read from a shard. A plan is
/// fixed while any of its seats is sold or held, so one read serves every booking of a sale.
/// </summary>
internal sealed class SeatingPlanCache(ShardDataSources databases)
{
    // A plan of 100,000 seats with categories is a few MB in memory: keep the plans of a few hundred events at most.
    private const int MaxPlans = 256;

    private readonly ConcurrentDictionary<Guid, (DateTimeOffset At, SeatingPlan Plan)> _plans = new();

    /// <summary>The plan of the event at version <paramref name="at"/>; null when the stored plan is another version now.</summary>
    public async Task<SeatingPlan?> GetAsync(Guid eventId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_plans.TryGetValue(eventId, out var known) && known.At == at)
        {
            return known.Plan;
        }

        await using var command = databases.ForId(eventId).CreateCommand("SELECT plan::text, updated_at FROM seating_plans WHERE event_id = @event");
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.GetFieldValue<DateTimeOffset>(1) != at
            || SeatCommands.ReadPlan(reader.GetString(0)) is not { } plan)
        {
            return null;
        }

        if (_plans.Count >= MaxPlans)
        {
            _plans.Clear();
        }

        _plans[eventId] = (at, plan);
        return plan;
    }
}
