using System.ComponentModel;
using Evently.LoadGenerator.Scenarios;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Settings;

/// <summary>baseline: the classic single-row transaction straight over Npgsql, no HTTP.</summary>
internal sealed class BaselineSettings : GeneratorSettings
{
    [CommandOption("--baseline-db <CS>")]
    [Description("Where the baseline runs (default: --db); a database of its own is created when CS names none or postgres; tables live in schema \"baseline\"")]
    public override string? BaselineDb { get; set; }

    [CommandOption("--max-connections <N>")]
    [Description("Baseline connections: min(clients, N); more clients queue for one")]
    [DefaultValue(200)]
    [InRange(1, 10_000)]
    public override int MaxConnections { get; set; } = 200;

    [CommandOption("--baseline-form <F>")]
    [Description("three-statements (BEGIN; UPDATE … WHERE available_seats >= q; INSERT; COMMIT) or one-statement (WITH u AS (UPDATE … RETURNING) INSERT … SELECT FROM u)")]
    [DefaultValue("three-statements")]
    public string FormText { get; set; } = "three-statements";

    public BaselineForm Form => FormText switch
    {
        "three-statements" => BaselineForm.ThreeStatements,
        "one-statement" => BaselineForm.OneStatement,
        var other => throw new UsageException($"--baseline-form: expected one-statement or three-statements, got '{other}'"),
    };

    protected override void ValidateScenario() => _ = Form;
}
