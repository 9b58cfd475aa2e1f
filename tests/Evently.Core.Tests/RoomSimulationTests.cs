using Evently.Core.Tests.Simulation;

namespace Evently.Core.Tests;

/// <summary>
/// The deterministic simulation of the waiting room: thousands of seeded schedules, each checked as it runs.
/// <c>EVENTLY_SIM_SEEDS=N</c> runs N schedules; <c>EVENTLY_ROOM_SEED=…</c> replays one (with its trace).
/// </summary>
[Trait("Category", "Simulation")]
public sealed class RoomSimulationTests
{
    [Fact]
    public void Every_waiting_room_schedule_keeps_every_promise() =>
        SeededRuns.Check(RoomSchedule.Any, "EVENTLY_ROOM_SEED", "dotnet test tests/Evently.Core.Tests --filter FullyQualifiedName~RoomSimulationTests",
            (schedule, tracing) =>
            {
                var simulation = new RoomSimulation(schedule, tracing);
                return (simulation.Run(), simulation.Trace);
            });
}
