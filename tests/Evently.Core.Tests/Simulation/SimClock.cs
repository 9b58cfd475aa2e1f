namespace Evently.Core.Tests.Simulation;

/// <summary>The simulation's clock: moves only when the schedule moves it.</summary>
internal sealed class SimClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
