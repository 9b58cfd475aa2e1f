using System.Globalization;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Cli;

/// <summary>How figures read in the console tables.</summary>
internal static class Cells
{
    public static string CheckCell(ScenarioReport r) => r.DatabaseChecked ? $"{r.Oversold:N0} / {r.Lost:N0}" : "not checked";

    public static string F(double value) => value.ToString(Math.Abs(value) >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);

    public static string F(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
