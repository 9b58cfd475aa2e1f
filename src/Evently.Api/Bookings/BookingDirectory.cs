using Evently.Persistence.Queries;
using Microsoft.Extensions.Caching.Memory;

namespace Evently.Api.Bookings;

/// <summary>
/// Which event a booking belongs to, and whose it is. This front end remembers it for the bookings it answered (made,
/// replayed, confirmed from a hold, or read), so a cancel goes straight to the event's grain, whose own read of the row is
/// then the only one: the cancel path costs one database read instead of two. A booking's event and owner never change,
/// so what is remembered never goes stale; other bookings are read from their shard.
/// </summary>
public sealed class BookingDirectory(BookingReads reads) : IDisposable
{
    // Shared by every entry: MemoryCache copies these settings into each entry when it is set.
    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) };

    // At most this many bookings (a few tens of MB); past it the cache compacts and the rest are read from the shard.
    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = 250_000 });

    /// <summary>Remembers a booking this front end answered with.</summary>
    public void Remember(Guid bookingId, Guid eventId, Guid userId) => _known.Set(bookingId, new BookingOwner(eventId, userId), Entry);

    /// <summary>True when the booking's event and owner are known without a database read.</summary>
    public bool Knows(Guid bookingId) => _known.TryGetValue(bookingId, out _);

    /// <summary>The booking's event and owner, or null when there is no such booking.</summary>
    public async Task<BookingOwner?> FindAsync(Guid bookingId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(bookingId, out BookingOwner? owner))
        {
            return owner;
        }

        owner = await reads.FindOwnerAsync(bookingId, cancellationToken);
        if (owner is not null)
        {
            Remember(bookingId, owner.EventId, owner.UserId);
        }

        return owner;
    }

    /// <inheritdoc />
    public void Dispose() => _known.Dispose();
}
