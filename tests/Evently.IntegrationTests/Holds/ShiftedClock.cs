namespace Evently.IntegrationTests.Holds;

/// <summary>Real time moved by <see cref="Offset"/>: puts event grains past a deadline at once, while timers keep real time.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
