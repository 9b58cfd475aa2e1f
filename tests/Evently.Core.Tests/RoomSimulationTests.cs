using System.Text.RegularExpressions;
using CsCheck;
using Evently.Core.Tests.Simulation;

namespace Evently.Core.Tests;

/// <summary>
/// The deterministic simulation of the waiting room: thousands of seeded schedules, each checked as it runs.
/// <c>EVENTLY_SIM_SEEDS=N</c> runs N schedules; <c>EVENTLY_ROOM_SEED=…</c> replays one (with its trace).
/// </summary>
[Trait("Category", "Simulation")]
public sealed partial class RoomSimulationTests
{
    private const string ReplayCommand = "dotnet test tests/Evently.Core.Tests --filter FullyQualifiedName~RoomSimulationTests";

    [Fact]
    public void Every_waiting_room_schedule_keeps_every_promise()
    {
        var seed = Environment.GetEnvironmentVariable("EVENTLY_ROOM_SEED");
        var schedules = long.TryParse(Environment.GetEnvironmentVariable("EVENTLY_SIM_SEEDS"), out var n) ? n : 10_000;
        try
        {
            RoomSchedule.Any.Sample(schedule =>
            {
                var simulation = new RoomSimulation(schedule, tracing: seed is not null);
                var violations = simulation.Run();
                if (violations.Count > 0)
                {
                    var trace = seed is null ? "" : "\nTrace:\n  " + string.Join("\n  ", simulation.Trace.TakeLast(400));
                    throw new InvalidOperationException(string.Join("\n", violations) + trace);
                }
            }, seed: seed, iter: seed is null ? schedules : 1, print: s => s.ToString());
        }
        catch (Exception ex) when (SeedPattern().Match(ex.Message) is { Success: true } match)
        {
            throw new InvalidOperationException(
                $"The simulation found a violation. Replay it with:\n  EVENTLY_ROOM_SEED={match.Groups[1].Value} {ReplayCommand}\n\n{ex.Message}", ex);
        }
    }

    [GeneratedRegex("seed: \"([^\"]+)\"")]
    private static partial Regex SeedPattern();
}
