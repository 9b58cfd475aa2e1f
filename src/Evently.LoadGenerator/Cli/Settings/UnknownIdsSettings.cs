using System.ComponentModel;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>unknown-ids: anonymous reads of events that do not exist, and the server's memory meanwhile.</summary>
internal sealed class UnknownIdsSettings : GeneratorSettings
{
    [CommandOption("--requests <N>")]
    [Description("Requests per round (default 100000; --quick 2000)")]
    [InRange(1, 100_000_000)]
    public int? RequestsGiven { get; set; }

    public int Requests => RequestsGiven ?? (Quick ? 2_000 : 100_000);
}
