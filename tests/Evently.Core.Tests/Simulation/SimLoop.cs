namespace Evently.Core.Tests.Simulation;

/// <summary>
/// A single-threaded synchronization context that queues every continuation instead of running it, so the
/// simulation decides, from its seed, which ready piece of work runs next: every interleaving of awaits is reachable.
/// </summary>
internal sealed class SimLoop : SynchronizationContext
{
    private readonly List<(SendOrPostCallback Callback, object? State)> _ready = [];

    public int Ready => _ready.Count;

    public override void Post(SendOrPostCallback d, object? state) => _ready.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs one ready continuation, chosen by <paramref name="random"/>.</summary>
    public void RunOne(Random random)
    {
        var index = random.Next(_ready.Count);
        var (callback, state) = _ready[index];
        _ready.RemoveAt(index);
        callback(state);
    }
}
