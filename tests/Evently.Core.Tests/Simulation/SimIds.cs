using Evently.Core.Ports;

namespace Evently.Core.Tests.Simulation;

/// <summary>Ids from the schedule's seed, so a replay makes the same ones (queue order breaks ties by id).</summary>
internal sealed class SimIds(Random random) : IEventIds
{
    private int _refs;

    public Guid NewId(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public string NewBookingRef() => $"EV-{++_refs:D8}";
}
