using System.Diagnostics;
using System.Globalization;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Terminal;

/// <summary>Plain timestamped lines: for CI, --quiet and redirected output.</summary>
internal sealed class PlainTerminal : ITerminal
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile RunRecorder? _recorder;

    public void Phase(string text) => Line(text);

    public void Running(RunRecorder recorder)
    {
        _recorder = recorder;
        Line($"{recorder.Label}: clock started");
    }

    public async Task ShowAsync(Task scenario)
    {
        var lastConfirmed = 0L;
        var lastAt = Stopwatch.GetTimestamp();
        while (!scenario.IsCompleted)
        {
            await Task.WhenAny(scenario, Task.Delay(TimeSpan.FromSeconds(2)));
            if (_recorder is { IsRunning: true } recorder)
            {
                var now = Stopwatch.GetTimestamp();
                var confirmed = recorder.Confirmed;
                var rate = (confirmed - lastConfirmed) / Math.Max(Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds, 1e-3);
                (lastConfirmed, lastAt) = (confirmed, now);
                Line(ReportRows.Status(recorder, rate));
            }
        }

        _recorder = null;
    }

    public void Info(string text) => Line(text);

    public void Warn(string text) => Line("WARNING: " + text);

    public void Error(string text) => System.Console.Error.WriteLine("error: " + text);

    public void PrintReport(string title, ScenarioReport report)
    {
        System.Console.WriteLine();
        System.Console.WriteLine($"== {title} ==");
        foreach (var (name, value) in ReportRows.For(report))
        {
            System.Console.WriteLine($"{name,-28} {value}");
        }
    }

    public void PrintTable(string title, IReadOnlyList<string[]> rows)
    {
        System.Console.WriteLine();
        System.Console.WriteLine($"== {title} ==");
        if (rows.Count == 0)
        {
            return;
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in rows)
        {
            System.Console.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    private void Line(string text) =>
        System.Console.WriteLine($"[{_clock.Elapsed.TotalSeconds.ToString("0000.0", CultureInfo.InvariantCulture)}s] {text}");
}
