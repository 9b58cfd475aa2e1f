using System.Runtime.CompilerServices;
using Evently.Core.Ports;

namespace Evently.Core.Tests.Simulation;

/// <summary>Ids from the schedule's seed, so a replay makes the same ones (queue order breaks ties by id).</summary>
internal sealed class SimIds(Random random) : IEventIds
{
    // One counter per simulation (keyed by its Random), shared by all its activations: booking references are unique
    // (bookings_booking_ref_key), so a new activation must not mint the first one again.
    private static readonly ConditionalWeakTable<Random, StrongBox<int>> Refs = [];

    public Guid NewId(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public string NewBookingRef() => $"EV-{Interlocked.Increment(ref Refs.GetOrCreateValue(random).Value):D8}";
}
