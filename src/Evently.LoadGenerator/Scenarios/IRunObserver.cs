using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>Lets the console show progress; the library path leaves it null and prints nothing.</summary>
internal interface IRunObserver
{
    /// <summary>A set-up or check step began.</summary>
    void Phase(string text);

    /// <summary>The clock started; <paramref name="recorder"/> can be polled until the scenario returns.</summary>
    void Running(RunRecorder recorder);
}
