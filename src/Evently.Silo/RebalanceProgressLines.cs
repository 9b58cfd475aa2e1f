using System.Globalization;
using Evently.Persistence.Sharding;

namespace Evently.Silo;

/// <summary>
/// The <c>rebalance</c> verb's progress: one plain line per bucket moved (a text bar, moves and rows done of planned),
/// written as it is reported, so it reads the same in a terminal and in a log.
/// </summary>
public sealed class RebalanceProgressLines(TextWriter output) : IProgress<RebalanceStatus>
{
    private const int Width = 30;

    /// <inheritdoc />
    public void Report(RebalanceStatus value)
    {
        ArgumentNullException.ThrowIfNull(value);
        output.WriteLine(Line(value));
    }

    /// <summary>The line of <paramref name="status"/>: bar, moves, rows.</summary>
    public static string Line(RebalanceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var filled = status.Planned == 0 ? Width : status.Done * Width / status.Planned;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {status.Done}/{status.Planned} moves, {status.RowsDone}/{status.RowsPlanned} rows ({status.State})");
    }
}
