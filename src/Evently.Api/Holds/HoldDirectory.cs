using Evently.Persistence.Queries;
using Microsoft.Extensions.Caching.Memory;

namespace Evently.Api.Holds;

/// <summary>
/// Which event a hold belongs to. This front end remembers it for the holds it created, so the confirm and release that
/// follow go straight to the event's grain without a database read (in a flash sale those reads would compete with the
/// grains' commits for connections). A hold's event and owner never change, so what is remembered never goes stale;
/// holds made elsewhere are read from their shard.
/// </summary>
public sealed class HoldDirectory(HoldReads reads) : IDisposable
{
    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = 1_000_000 });

    /// <summary>Remembers a hold this front end created.</summary>
    public void Remember(Guid holdId, Guid eventId, Guid userId) =>
        _known.Set(holdId, new HoldOwner(eventId, userId), new MemoryCacheEntryOptions
        {
            Size = 1,
            // Holds last at most an hour; after that the row answers the rare late caller.
            AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(2),
        });

    /// <summary>The hold's event and owner, or null when there is no such hold.</summary>
    public async Task<HoldOwner?> FindAsync(Guid holdId, CancellationToken cancellationToken) =>
        _known.TryGetValue(holdId, out HoldOwner? owner) ? owner : await reads.FindAsync(holdId, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _known.Dispose();
}
