using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.Persistence.Queries;

/// <summary>Waitlist questions asked across every shard.</summary>
public sealed class WaitlistReads(ShardDataSources databases)
{
    /// <summary>The events where the user has an open entry (waiting, suspended or holding seats), on every shard.</summary>
    public async Task<IReadOnlyList<Guid>> EventsWithOpenEntriesAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var perShard = await new ShardAggregator(databases).QueryAllAsync(async (shard, token) =>
        {
            await using var command = shard.CreateCommand(
                "SELECT event_id FROM waitlists WHERE user_id = @user AND status IN ('waiting', 'promoted')");
            command.Parameters.AddWithValue("user", userId);
            var events = new List<Guid>();
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                events.Add(reader.GetGuid(0));
            }

            return events;
        }, cancellationToken).ConfigureAwait(false);
        return perShard.SelectMany(events => events).ToList();
    }
}
