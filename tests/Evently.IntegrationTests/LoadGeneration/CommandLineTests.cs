using System.Text.RegularExpressions;
using Evently.LoadGenerator.Cli;
using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Hosting;
using Spectre.Console.Cli;

namespace Evently.IntegrationTests.LoadGeneration;

/// <summary>The load generator's command line: every command line the README and docs/ quote parses, to the scenario and values it says.</summary>
public sealed partial class CommandLineTests
{
    private const string Prefix = "dotnet run -c Release --project src/Evently.LoadGenerator -- ";
    private static readonly string[] Readmes = ["README.md", "docs/performance.md", "src/Evently.LoadGenerator/README.md"];

    [Fact]
    public async Task Every_command_line_the_readmes_quote_parses_to_its_scenario()
    {
        var lines = Readmes.SelectMany(QuotedCommandLines).ToList();
        Assert.True(lines.Count >= 15, $"only {lines.Count} command lines found in the README and docs/");
        foreach (var line in lines)
        {
            var (command, _, code) = await ParseAsync(line);
            Assert.True(code == 0, $"'{line}' exits {code}");
            Assert.Equal(Tokens(line)[0], command);
        }
    }

    [Fact]
    public async Task Quoted_command_lines_keep_their_meaning()
    {
        var seated = Assert.IsType<FlashSaleSettings>((await ParseAsync("flash-sale --seated --start --start-timeout 300 --seats 20000 --clients 500 --users 200")).Settings);
        Assert.True(seated is { Seated: true, Checkout: false, Start: true, SeatedSeats: 20_000, Clients: 500, Users: 200 });
        Assert.Equal(TimeSpan.FromSeconds(300), seated.StartTimeout);
        Assert.Equal(50_000, Assert.IsType<FlashSaleSettings>((await ParseAsync("flash-sale --seated --start")).Settings).SeatedSeats);

        var checkout = Assert.IsType<FlashSaleSettings>((await ParseAsync("flash-sale --checkout --start --seats 20000 --clients 500 --users 200")).Settings);
        Assert.True(checkout is { Checkout: true, Seats: 20_000, ThinkMs: 200, AbandonShare: 0.2, HoldMinutes: 10 });

        var open = Assert.IsType<OpenSettings>((await ParseAsync(
            "open --url http://127.0.0.1:5181 --rate 300 --duration 30 --warmup 5 --users 100 --clients 300 --admin-password Measure-Admin-2026! --db \"Host=h\" --login-flood 32")).Settings);
        Assert.True(open is { Rate: 300, Users: 100, Clients: 300, AdminPassword: "Measure-Admin-2026!", Db: "Host=h", LoginFlood: 32 });
        Assert.Equal((new Uri("http://127.0.0.1:5181"), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)), (open.Url, open.Duration, open.WarmUp));

        var saleDay = Assert.IsType<SaleDaySettings>((await ParseAsync("sale-day --users 20000 --setup-parallelism 64 --server-pid 4242")).Settings);
        Assert.True(saleDay is { SaleDayUsers: 20_000, SaleDaySeats: 20_000, AdmitPerMinute: 20_000, SetupParallelism: 64, ServerPid: 4242 });
        Assert.Equal(200, Assert.IsType<SaleDaySettings>((await ParseAsync("sale-day --quick")).Settings).SaleDayUsers);

        var compare = Assert.IsType<CompareSettings>((await ParseAsync("compare --seats 100000 --clients 1000 --users 2000 --rate 5000 --duration 20")).Settings);
        Assert.True(compare is { Seats: 100_000, Clients: 1_000, Users: 2_000, Rate: 5_000, BaselineSeats: 10_000, MixedClients: 200, BrowseEvents: 100_000 });
        Assert.Equal([4, 16, 64, 200], compare.BaselinePools);

        var mixed = Assert.IsType<MixedSettings>((await ParseAsync("mixed --events 300 --clients 200 --users 200 --duration 20 --setup-parallelism 32 --start --mix book=50,browse=50")).Settings);
        Assert.True(mixed is { Events: 300, Clients: 200, Mix: (50, 50, 10, 5) });

        var door = Assert.IsType<DoorSettings>((await ParseAsync("door --start --attendees 5000 --doors 32 --users 500")).Settings);
        Assert.True(door is { Attendees: 5_000, Doors: 32, ScansPerBooking: 3, Users: 500, KeepEvents: false });
        Assert.True(Assert.IsType<DoorSettings>((await ParseAsync("door --quick --keep-events")).Settings) is { Attendees: 200, Doors: 8, KeepEvents: true });

        var quick = Assert.IsType<FlashSaleSettings>((await ParseAsync("flash-sale --quick --db x")).Settings);
        Assert.True(quick is { Seats: 2_000, Clients: 50, Users: 50 });
        Assert.Equal(TimeSpan.FromSeconds(600), quick.Timeout);
    }

    [Theory]
    [InlineData("flash-sale --seats 0")]
    [InlineData("flash-sale --seats many")]
    [InlineData("flash-sale --no-such-option")]
    [InlineData("flash-sale --rate 10")]
    [InlineData("mixed --mix browse=1,shop=2")]
    [InlineData("baseline --baseline-form two-statements")]
    [InlineData("compare --baseline-pools 4,0")]
    [InlineData("sweep --rates 100,fast")]
    [InlineData("open --url ftp://example.org")]
    [InlineData("door --scans-per-booking 1")]
    [InlineData("no-such-scenario")]
    public async Task A_bad_command_line_is_exit_code_1(string line)
    {
        var (_, _, code) = await ParseAsync(line);
        Assert.Equal(1, code);
    }

    /// <summary>Parses and validates <paramref name="line"/> (the part after <c>--</c>) with --dry-run: nothing runs.</summary>
    private static async Task<(string? Command, GeneratorSettings? Settings, int Code)> ParseAsync(string line)
    {
        var seen = new Seen();
        var code = await CliApp.Create(seen).RunAsync([.. Tokens(line), "--dry-run"]);
        return (seen.Command, seen.Settings, code);
    }

    /// <summary>The command lines after <see cref="Prefix"/>: inline ones to their closing backtick, block ones with their continuation lines; <c>[--x]</c> both with and without.</summary>
    private static IEnumerable<string> QuotedCommandLines(string readme)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("Evently.sln not found"), readme));
        for (var at = text.IndexOf(Prefix, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Prefix, at + 1, StringComparison.Ordinal))
        {
            var start = at + Prefix.Length;
            var inline = at > 0 && text[at - 1] == '`';
            var end = inline ? text.IndexOf('`', start) : text.IndexOf('\n', start);
            var line = text[start..end];
            while (!inline && line.TrimEnd().EndsWith('\\'))
            {
                var next = text.IndexOf('\n', end + 1);
                line = line.TrimEnd()[..^1] + " " + text[(end + 1)..next];
                end = next;
            }

            line = PidPlaceholder().Replace(line.Replace('\n', ' ').Split(" #")[0], "4242").Trim();
            if (line.StartsWith('<'))
            {
                continue;
            }

            var optional = OptionalFlag().Match(line);
            yield return optional.Success ? line.Remove(optional.Index, optional.Length) : line;
            if (optional.Success)
            {
                yield return line.Replace(optional.Value, optional.Groups[1].Value, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Splits as the shell would for these lines: on spaces outside double quotes, quotes removed.</summary>
    private static string[] Tokens(string line) =>
        [.. Token().Matches(line).Select(m => m.Value.Replace("\"", "", StringComparison.Ordinal))];

    [GeneratedRegex("""(?:"[^"]*"|[^\s"])+""")]
    private static partial Regex Token();

    [GeneratedRegex(@"<pid of [^>]+>|""\$\(pgrep [^)]+\)""")]
    private static partial Regex PidPlaceholder();

    [GeneratedRegex(@"\[(--[a-z-]+)\]")]
    private static partial Regex OptionalFlag();

    private sealed class Seen : ICommandInterceptor
    {
        public string? Command { get; private set; }

        public GeneratorSettings? Settings { get; private set; }

        public void Intercept(CommandContext context, CommandSettings settings)
        {
            Command = context.Name;
            Settings = settings as GeneratorSettings;
        }

        public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
        {
        }
    }
}
