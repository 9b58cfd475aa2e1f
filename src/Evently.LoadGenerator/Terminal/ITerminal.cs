using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Terminal;

/// <summary>Console output: live Spectre progress, or plain lines for CI and redirected output.</summary>
internal interface ITerminal : IRunObserver
{
    /// <summary>Shows progress until <paramref name="scenario"/> completes.</summary>
    Task ShowAsync(Task scenario);

    void Info(string text);

    void Warn(string text);

    void Error(string text);

    void PrintReport(string title, ScenarioReport report);

    /// <summary>A small table (header row first).</summary>
    void PrintTable(string title, IReadOnlyList<string[]> rows);
}
