namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The simulation's own way to build its store: what the store sees that PostgreSQL would refuse, or that the core must
/// never decide, is a violation of the run. Kept apart from the store's rules so that the integration tests' conformance
/// check can compile those rules on their own and run them beside the real PostgreSQL store.
/// </summary>
internal sealed partial class SimStore
{
    public SimStore(Simulation sim)
        : this(sim.Violation)
    {
    }
}
