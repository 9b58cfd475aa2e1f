using Evently.Persistence.Sharding;

namespace Evently.Persistence.Queries;

/// <summary>Finds a checkout hold's event: the hold's id routes to its shard, the row names the event whose grain owns it.</summary>
public sealed class HoldReads(ShardDataSources databases)
{
    /// <summary>The event and owner of the hold with this id, or null when there is none.</summary>
    public async Task<HoldOwner?> FindAsync(Guid holdId, CancellationToken cancellationToken = default)
    {
        await using var command = databases.ForId(holdId).CreateCommand("SELECT event_id, user_id FROM holds WHERE id = @id");
        command.Parameters.AddWithValue("id", holdId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new HoldOwner(reader.GetGuid(0), reader.GetGuid(1)) : null;
    }
}
