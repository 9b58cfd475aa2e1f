using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>sweep: the open model at rising rates until p99 passes a threshold.</summary>
internal sealed class SweepSettings : OpenSettings
{
    [CommandOption("--rates <R,R,…>")]
    [Description("Offered rates, in order (default 1000,2000,3000,4000,5000,6000,8000,10000,12000,15000,20000; --quick 200,400,800)")]
    public string? RatesText { get; set; }

    [CommandOption("--sweep-p99 <MS>")]
    [Description("Stop at the first rate whose p99 exceeds this, milliseconds")]
    [DefaultValue(100d)]
    [InRange(0.1, 1_000_000)]
    public double SweepP99 { get; set; } = 100;

    public double[] Rates
    {
        get
        {
            var text = RatesText ?? (Quick ? "200,400,800" : "1000,2000,3000,4000,5000,6000,8000,10000,12000,15000,20000");
            try
            {
                return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
            }
            catch (FormatException)
            {
                throw new UsageException($"--rates: expected numbers separated by commas, got '{text}'");
            }
        }
    }

    protected override void ValidateScenario() => _ = Rates;
}
