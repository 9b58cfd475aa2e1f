using Evently.Domain.Bookings;
using Evently.Domain.Sharding;

namespace Evently.Core.Ports;

/// <summary>Mints ids and booking references for one event (the simulation mints them from its seed).</summary>
public interface IEventIds
{
    /// <summary>A new id that routes to the event's shard.</summary>
    Guid NewId(DateTimeOffset now);

    /// <summary>A new human-readable booking reference.</summary>
    string NewBookingRef();
}

/// <summary>Ids minted in the event's bucket (UUIDv7 carrying the bucket), references from <see cref="BookingRef"/>.</summary>
public sealed class BucketIds(Guid eventId) : IEventIds
{
    private readonly int _bucket = Buckets.Of(eventId);

    /// <inheritdoc />
    public Guid NewId(DateTimeOffset now) => Buckets.MintId(_bucket, now);

    /// <inheritdoc />
    public string NewBookingRef() => BookingRef.New();
}
