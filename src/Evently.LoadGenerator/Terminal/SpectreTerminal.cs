using System.Diagnostics;
using Evently.LoadGenerator.Reporting;
using Spectre.Console;

namespace Evently.LoadGenerator.Terminal;

/// <summary>Live progress bars and tables (Spectre.Console) for an interactive terminal.</summary>
internal sealed class SpectreTerminal : ITerminal
{
    private volatile string? _phase;
    private volatile RunRecorder? _recorder;

    public void Phase(string text) => _phase = text;

    public void Running(RunRecorder recorder) => _recorder = recorder;

    public async Task ShowAsync(Task scenario)
    {
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                ProgressTask? phaseTask = null;
                ProgressTask? runTask = null;
                string? shownPhase = null;
                RunRecorder? shownRecorder = null;
                var lastConfirmed = 0L;
                var lastAt = Stopwatch.GetTimestamp();
                var rate = 0.0;
                while (true)
                {
                    var finished = scenario.IsCompleted;
                    if (_phase is { } phase && !ReferenceEquals(phase, shownPhase))
                    {
                        Complete(phaseTask);
                        phaseTask = ctx.AddTask(Markup.Escape(phase)).IsIndeterminate();
                        shownPhase = phase;
                    }

                    if (_recorder is { } recorder && !ReferenceEquals(recorder, shownRecorder))
                    {
                        Complete(phaseTask);
                        phaseTask = null;
                        shownRecorder = recorder;
                        runTask = ctx.AddTask(Markup.Escape(recorder.Label), maxValue: Math.Max(1, recorder.ProgressTotal));
                        (lastConfirmed, lastAt) = (0, Stopwatch.GetTimestamp());
                    }

                    if (runTask is not null && shownRecorder is not null && !runTask.IsFinished)
                    {
                        var now = Stopwatch.GetTimestamp();
                        var seconds = Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
                        if (seconds >= 1)
                        {
                            var confirmed = shownRecorder.Confirmed;
                            rate = (confirmed - lastConfirmed) / seconds;
                            (lastConfirmed, lastAt) = (confirmed, now);
                        }

                        runTask.Value = Math.Min(shownRecorder.ProgressValue, runTask.MaxValue);
                        runTask.Description = Markup.Escape(ReportRows.Status(shownRecorder, rate));
                        if (!shownRecorder.IsRunning && shownRecorder.ElapsedSeconds > 0)
                        {
                            runTask.StopTask();
                        }
                    }

                    if (finished)
                    {
                        break;
                    }

                    await Task.WhenAny(scenario, Task.Delay(250));
                }

                Complete(phaseTask);
                runTask?.StopTask();
            });
        _phase = null;
        _recorder = null;
    }

    public void Info(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    public void Warn(string text) => AnsiConsole.MarkupLine("[yellow]" + Markup.Escape(text) + "[/]");

    public void Error(string text) => AnsiConsole.MarkupLine("[red]error:[/] " + Markup.Escape(text));

    public void PrintReport(string title, ScenarioReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]" + Markup.Escape(title) + "[/]");
        table.AddColumn("figure");
        table.AddColumn("value");
        foreach (var (name, value) in ReportRows.For(report))
        {
            var shown = Markup.Escape(value);
            if (value is "PASSED")
            {
                shown = "[green]PASSED[/]";
            }
            else if (value is "FAILED" || value.StartsWith("VIOLATED", StringComparison.Ordinal))
            {
                shown = "[red]" + shown + "[/]";
            }

            table.AddRow(Markup.Escape(name), shown);
        }

        AnsiConsole.Write(table);
    }

    public void PrintTable(string title, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]" + Markup.Escape(title) + "[/]");
        foreach (var header in rows[0])
        {
            table.AddColumn(Markup.Escape(header));
        }

        foreach (var row in rows.Skip(1))
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(table);
    }

    private static void Complete(ProgressTask? task)
    {
        if (task is null || task.IsFinished)
        {
            return;
        }

        task.IsIndeterminate = false;
        task.Value = task.MaxValue;
        task.StopTask();
    }
}
