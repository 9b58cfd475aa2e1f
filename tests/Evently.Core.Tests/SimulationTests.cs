using Evently.Core.Tests.Simulation;

namespace Evently.Core.Tests;

/// <summary>
/// The deterministic simulation of the event core: thousands of seeded schedules, each checked after every step.
/// <c>EVENTLY_SIM_SEEDS=N</c> runs N schedules; <c>EVENTLY_SIM_SEED=…</c> replays one (with its trace).
/// </summary>
[Trait("Category", "Simulation")]
public sealed class SimulationTests
{
    [Fact]
    public void Every_schedule_keeps_every_promise() =>
        SeededRuns.Check(Schedule.Any, "EVENTLY_SIM_SEED", "dotnet test tests/Evently.Core.Tests --filter Category=Simulation", (schedule, tracing) =>
        {
            var simulation = new Simulation.Simulation(schedule, tracing);
            return (simulation.Run(), simulation.Trace);
        });
}
