using ScottPlot;

namespace Evently.LoadGenerator.Reporting;

/// <summary>Draws throughput per second and p99 latency per second of each run, one panel per run, into one PNG.</summary>
internal static class ChartWriter
{
    public static void Write(string path, IReadOnlyList<(string Title, ScenarioReport Report)> runs)
    {
        var multiplot = new Multiplot();
        var panels = runs.Select(r => Panel(r.Title, r.Report)).ToList();
        if (panels.Count > 0)
        {
            // A new Multiplot holds one empty plot: replace it with the first panel.
            multiplot.Reset(panels[0]);
            foreach (var panel in panels.Skip(1))
            {
                multiplot.AddPlot(panel);
            }
        }

        multiplot.SavePng(path, 1200, Math.Max(1, runs.Count) * 360);
    }

    private static Plot Panel(string title, ScenarioReport report)
    {
        var plot = new Plot();
        var points = report.Timeline;
        var seconds = points.Select(p => p.Second).ToArray();
        plot.Title($"{title}: {report.ConfirmedPerSecond:N0} confirmed/s, p50 {report.Latency.P50Ms:N1} ms, p99 {report.Latency.P99Ms:N1} ms");
        plot.XLabel("seconds since start");
        plot.YLabel("per second");
        if (seconds.Length == 0)
        {
            return plot;
        }

        var attempts = plot.Add.Scatter(seconds, points.Select(p => p.AttemptsPerSecond).ToArray());
        attempts.LegendText = report.Model == "open" ? "sent/s" : "attempts/s";
        attempts.Color = Colors.Gray;
        attempts.MarkerSize = 0;
        var confirmed = plot.Add.Scatter(seconds, points.Select(p => p.ConfirmedPerSecond).ToArray());
        confirmed.LegendText = "confirmed/s";
        confirmed.Color = Colors.Blue;
        confirmed.LineWidth = 2;
        confirmed.MarkerSize = 0;

        var p99 = plot.Add.Scatter(seconds, points.Select(p => p.P99Ms).ToArray());
        p99.LegendText = "p99 ms (right)";
        p99.Color = Colors.Red;
        p99.MarkerSize = 0;
        p99.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "p99 latency, ms";
        plot.Axes.SetLimitsY(0, Math.Max(1, points.Max(p => Math.Max(p.AttemptsPerSecond, p.ConfirmedPerSecond))) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(1, points.Max(p => p.P99Ms)) * 1.1, plot.Axes.Right);
        plot.Axes.SetLimitsX(0, Math.Max(1, seconds[^1]));
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
