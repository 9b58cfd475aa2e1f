using Evently.Core.Tests.Simulation;

namespace Evently.Core.Tests;

/// <summary>
/// The deterministic simulation of the waiting room and its event together (the admission hand-off between them):
/// thousands of seeded schedules, each checked as it runs. <c>EVENTLY_SIM_SEEDS=N</c> runs N schedules;
/// <c>EVENTLY_ROOMEVENT_SEED=…</c> replays one (with its trace).
/// </summary>
[Trait("Category", "Simulation")]
public sealed class RoomEventSimulationTests
{
    [Fact]
    public void Every_room_and_event_schedule_keeps_every_promise() =>
        SeededRuns.Check(RoomEventSchedule.Any, "EVENTLY_ROOMEVENT_SEED", "dotnet test tests/Evently.Core.Tests --filter FullyQualifiedName~RoomEventSimulationTests",
            (schedule, tracing) =>
            {
                var simulation = new RoomEventSimulation(schedule, tracing);
                return (simulation.Run(), simulation.Trace);
            });
}
