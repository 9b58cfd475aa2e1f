using System.Text.RegularExpressions;
using CsCheck;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// Runs a simulation over many seeded schedules (<c>EVENTLY_SIM_SEEDS=N</c>, 10,000 by default), or replays one with its
/// trace when <paramref name="seedVariable"/> names a seed; a violation fails with the command that replays it.
/// </summary>
internal static partial class SeededRuns
{
    /// <summary>Checks every schedule <paramref name="schedules"/> draws; <paramref name="run"/> answers a run's violations and its trace.</summary>
    public static void Check<T>(Gen<T> schedules, string seedVariable, string replayCommand,
        Func<T, bool, (IReadOnlyList<string> Violations, IReadOnlyList<string> Trace)> run)
    {
        var seed = Environment.GetEnvironmentVariable(seedVariable);
        var count = long.TryParse(Environment.GetEnvironmentVariable("EVENTLY_SIM_SEEDS"), out var n) ? n : 10_000;
        try
        {
            schedules.Sample(schedule =>
            {
                var (violations, trace) = run(schedule, seed is not null);
                if (violations.Count > 0)
                {
                    var shown = seed is null ? "" : "\nTrace:\n  " + string.Join("\n  ", trace.TakeLast(400));
                    throw new InvalidOperationException(string.Join("\n", violations) + shown);
                }
            }, seed: seed, iter: seed is null ? count : 1, print: s => s?.ToString() ?? "");
        }
        catch (Exception ex) when (SeedPattern().Match(ex.Message) is { Success: true } match)
        {
            throw new InvalidOperationException(
                $"The simulation found a violation. Replay it with:\n  {seedVariable}={match.Groups[1].Value} {replayCommand}\n\n{ex.Message}", ex);
        }
    }

    [GeneratedRegex("seed: \"([^\"]+)\"")]
    private static partial Regex SeedPattern();
}
