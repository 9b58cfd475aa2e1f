using Evently.LoadGenerator.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace Evently.IntegrationTests.LoadGeneration;

/// <summary>
/// The chart of a run is drawn from its timeline. The smallest run the docs show, the smoke run
/// (<c>flash-sale --quick</c>: 2,000 seats, 50 clients), sells out in well under a second; sampled once a second it
/// had one point and the chart no line. The sampler's clock here is a fake one, stepped a millisecond at a time.
/// </summary>
public sealed class ChartSamplingTests
{
    [Theory]
    [InlineData(440)]
    [InlineData(250)]
    public async Task A_sale_that_sells_out_in_under_half_a_second_has_a_line_of_at_least_ten_points(int runMilliseconds)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var recorder = new RunRecorder("flash-sale") { Time = time };
        using var stop = new CancellationTokenSource();
        recorder.Start();
        var sampler = recorder.SampleAsync(stop.Token);
        for (var ms = 0; ms < runMilliseconds; ms++)
        {
            // 2,000 seats over the run, a few bookings of one or two seats every millisecond.
            for (var i = 0; i < 3; i++)
            {
                recorder.Attempt();
                recorder.Confirm(Guid.NewGuid(), 1 + (i % 2));
            }

            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        recorder.Stop();
        await stop.CancelAsync();
        await sampler;
        var report = new ScenarioReport { Scenario = "flash-sale", Model = "closed" };
        recorder.FillReport(report);

        Assert.True(report.Timeline.Count >= 10, $"{report.Timeline.Count} points in a {runMilliseconds} ms run");
        Assert.True(report.Timeline.SkipLast(1).All(p => p.ConfirmedPerSecond is > 2_000 and < 4_000), string.Join(", ", report.Timeline.Select(p => p.ConfirmedPerSecond)));
        Assert.Equal(report.Timeline.Select(p => p.Second).Order(), report.Timeline.Select(p => p.Second));

        var chart = Path.Combine(Path.GetTempPath(), $"evently-chart-{Guid.NewGuid():N}.png");
        try
        {
            ChartWriter.Write(chart, [("flash-sale --quick", report)]);
            Assert.True(new FileInfo(chart).Length > 1_000);
        }
        finally
        {
            File.Delete(chart);
        }
    }

    [Fact]
    public void The_interval_grows_with_the_run_from_20_ms_to_one_second()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(20), RunRecorder.SampleInterval(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(20), RunRecorder.SampleInterval(TimeSpan.FromMilliseconds(440)));
        Assert.Equal(TimeSpan.FromMilliseconds(250), RunRecorder.SampleInterval(TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(1), RunRecorder.SampleInterval(TimeSpan.FromMinutes(10)));
    }
}
