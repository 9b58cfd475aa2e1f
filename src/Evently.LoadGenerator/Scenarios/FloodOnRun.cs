using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>Passes progress on and starts a <see cref="LoginFlood"/> when the warm-up (or, without one, the clock) starts.</summary>
internal sealed class FloodOnRun(IRunObserver inner, LoginFlood flood) : IRunObserver
{
    public void Phase(string text)
    {
        if (text.StartsWith("warming up", StringComparison.Ordinal))
        {
            flood.Start();
        }

        inner.Phase(text);
    }

    public void Running(RunRecorder recorder)
    {
        flood.Start();
        inner.Running(recorder);
    }
}
