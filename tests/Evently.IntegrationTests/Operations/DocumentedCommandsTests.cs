using System.Diagnostics;
using System.Text.RegularExpressions;
using Evently.IntegrationTests.Infrastructure;
using Evently.LoadGenerator.Cli;
using Evently.LoadGenerator.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// Every command the README and docs/ show in a shell block (<c>bash</c>, <c>sh</c>, <c>shell</c>, <c>console</c>)
/// parses: the block passes <c>bash -n</c>; a load generator command line is accepted by the generator's own parser
/// (<c>--dry-run</c>: nothing runs); a silo command names a verb the silo has; a <c>curl</c> names a path the API
/// routes with that method. A command a reader copies fails here first, not in their terminal.
/// </summary>
public sealed partial class DocumentedCommandsTests
{
    private static readonly string[] Pages = ["README.md", "docs/*.md", "src/Evently.LoadGenerator/README.md"];
    private static readonly Lazy<Task<List<Route>>> Routes = new(ReadRoutesAsync);

    [Fact]
    public async Task Every_command_of_the_shell_blocks_of_the_README_and_docs_parses()
    {
        var blocks = ShellBlocks().ToList();
        Assert.True(blocks.Count >= 20, $"only {blocks.Count} shell blocks found");
        var routes = await Routes.Value;
        var problems = new List<string>();
        var checkedCommands = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (where, text) in blocks)
        {
            var check = await CheckAsync(text, routes);
            problems.AddRange(check.Problems.Select(p => $"{where}: {p}"));
            foreach (var (kind, count) in check.Checked)
            {
                checkedCommands[kind] = checkedCommands.GetValueOrDefault(kind) + count;
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(checkedCommands.GetValueOrDefault("generator") >= 15, $"only {checkedCommands.GetValueOrDefault("generator")} load generator command lines checked");
        Assert.True(checkedCommands.GetValueOrDefault("curl") >= 15, $"only {checkedCommands.GetValueOrDefault("curl")} curl commands checked");
        Assert.True(checkedCommands.GetValueOrDefault("silo") >= 1, "no silo command checked");
    }

    [Theory]
    [InlineData("dotnet run -- flash-sale --server-pid <pid of Evently.Api>", "bash -n")]
    [InlineData("for db in a b; do\n  echo \"$db\"\n", "bash -n")]
    [InlineData("dotnet run -c Release --project src/Evently.LoadGenerator -- flash-sale --no-such-option", "load generator refuses")]
    [InlineData("dotnet run -c Release --project src/Evently.LoadGenerator -- flash-sale --seats \"${SEATS}k\"", "load generator refuses")]
    [InlineData("dotnet run -c Release --project src/Evently.Silo -- cluster-certificates /tmp/c.pfx", "silo has no verb")]
    [InlineData("API=http://localhost:5080/api/v1\ncurl -s $API/event/42", "no GET route")]
    [InlineData("curl -X DELETE http://127.0.0.1:5080/api/v1/events", "no DELETE route")]
    [InlineData("X=$(curl -s localhost:5080/api/v1/admin/audit -d '{}' | jq .)", "no POST route")]
    public async Task A_broken_command_is_reported(string block, string expected)
    {
        var check = await CheckAsync(block, await Routes.Value);
        Assert.True(check.Problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), string.Join('\n', check.Problems));
    }

    [Fact]
    public async Task The_commands_the_docs_are_written_with_pass()
    {
        var check = await CheckAsync(
            """
            API=http://localhost:5080/api/v1
            EVENT=$(curl -s $API/events -H "authorization: Bearer $ADMIN" -d '{"name":"x"}' | jq -r .id)
            login() { curl -s $API/auth/login -d "{}" | jq -r .accessToken; }
            for who in a b; do
              curl -s -w '\n' -X POST $API/bookings/$EVENT/cancel -H "authorization: Bearer $ALICE"
            done
            dotnet run -c Release --project src/Evently.LoadGenerator -- flash-sale [--seated] --seats 50000 \
              --db "$(cat src/Evently.Api/.data/connection.txt)" --server-pid "$(pgrep -nx Evently.Api)"
            Evently__X='…' dotnet src/Evently.Silo/bin/Release/net10.0/Evently.Silo.dll cluster-certificate /tmp/c.pfx
            """,
            await Routes.Value);
        Assert.True(check.Problems.Count == 0, string.Join('\n', check.Problems));
        Assert.Equal((2, 3, 1), (check.Checked.GetValueOrDefault("generator"), check.Checked.GetValueOrDefault("curl"), check.Checked.GetValueOrDefault("silo")));
    }

    private static async Task<(List<string> Problems, Dictionary<string, int> Checked)> CheckAsync(string block, List<Route> routes)
    {
        var problems = new List<string>();
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        if (await BashSyntaxErrorAsync(block) is { } error)
        {
            problems.Add($"bash -n: {error}");
            return (problems, counted);
        }

        foreach (var command in ShellCommand.Parse(block))
        {
            var words = command.Words;
            if (words[0] == "curl")
            {
                counted["curl"] = counted.GetValueOrDefault("curl") + 1;
                problems.AddRange(CurlProblems(words, routes).Select(p => $"'{command}': {p}"));
            }
            else if (words[0] == "dotnet" && ProjectOrAssembly(words) is { } project && project.EndsWith("Evently.LoadGenerator", StringComparison.Ordinal))
            {
                foreach (var args in OptionalFlagVariants(command.AfterDoubleDash()))
                {
                    counted["generator"] = counted.GetValueOrDefault("generator") + 1;
                    var code = await CliApp.Create().RunAsync([.. args, "--dry-run"]);
                    if (code != 0)
                    {
                        problems.Add($"'{string.Join(' ', args)}': the load generator refuses it (exit code {code})");
                    }
                }
            }
            else if (words[0] == "dotnet" && ProjectOrAssembly(words) is { } silo && silo.EndsWith("Evently.Silo", StringComparison.Ordinal))
            {
                counted["silo"] = counted.GetValueOrDefault("silo") + 1;
                var args = words.Contains("--project") ? command.AfterDoubleDash() : words[2..];
                if (Verb(args) is { } verb && !SiloVerbs().Contains(verb))
                {
                    problems.Add($"'{command}': the silo has no verb '{verb}' (it has: {string.Join(", ", SiloVerbs())})");
                }
            }
        }

        return (problems, counted);
    }

    /// <summary>The project of <c>dotnet run --project P</c> or the assembly of <c>dotnet path/A.dll</c>, without extension and folders.</summary>
    private static string? ProjectOrAssembly(List<string> words)
    {
        var at = words.IndexOf("--project");
        if (at >= 0 && at + 1 < words.Count)
        {
            return words[at + 1].TrimEnd('/');
        }

        return words.Count > 1 && words[1].EndsWith(".dll", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(words[1]) : null;
    }

    /// <summary>The first argument that is neither an option nor an option's value: the verb, if any.</summary>
    private static string? Verb(List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                return args[i];
            }

            i += args[i].Contains('=', StringComparison.Ordinal) ? 0 : 1;
        }

        return null;
    }

    private static IEnumerable<string> CurlProblems(List<string> words, List<Route> routes)
    {
        string? url = null;
        string? method = null;
        var body = false;
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            if (word is "-X" or "--request")
            {
                method = words[++i];
            }
            else if (word is "-d" or "-F" or "--form" or "--json" || word.StartsWith("--data", StringComparison.Ordinal))
            {
                body = true;
                i++;
            }
            else if (word is "-H" or "--header" or "-w" or "--write-out" or "-o" or "--output" or "-u" or "--user" or "-A" or "-e" or "-b" or "-c" or "-m" or "--max-time")
            {
                i++;
            }
            else if (!word.StartsWith('-') && !word.StartsWith('>'))
            {
                url ??= word;
            }
        }

        if (url is null || !Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out var uri))
        {
            yield return $"no URL in it ({url})";
            yield break;
        }

        method ??= body ? "POST" : "GET";
        if (!routes.Any(r => r.Path.IsMatch(uri.AbsolutePath) && (r.Methods is null || r.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))))
        {
            var others = routes.Where(r => r.Path.IsMatch(uri.AbsolutePath)).SelectMany(r => r.Methods ?? ["any"]).ToList();
            yield return $"no {method} route matches {uri.AbsolutePath}" + (others.Count > 0 ? $" (it takes {string.Join(", ", others)})" : "");
        }
    }

    /// <summary><c>[--x]</c> both without and with the flag, as the docs mean it.</summary>
    private static IEnumerable<List<string>> OptionalFlagVariants(List<string> args)
    {
        yield return args.Where(a => !OptionalFlag().IsMatch(a)).ToList();
        if (args.Any(a => OptionalFlag().IsMatch(a)))
        {
            yield return args.Select(a => OptionalFlag().Match(a) is { Success: true } m ? m.Groups[1].Value : a).ToList();
        }
    }

    private static async Task<string?> BashSyntaxErrorAsync(string block)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", "-n")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await bash.StandardInput.WriteAsync(block + "\n");
        bash.StandardInput.Close();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return bash.ExitCode == 0 ? null : error.Trim();
    }

    /// <summary>The fenced shell blocks of the pages, dedented to their fence, with page and line.</summary>
    private static IEnumerable<(string Where, string Text)> ShellBlocks()
    {
        var root = RepoRoot.Find() ?? throw new InvalidOperationException("Evently.sln not found");
        var pages = Pages.SelectMany<string, string>(p => p.Contains('*', StringComparison.Ordinal)
            ? [.. Directory.GetFiles(Path.Combine(root, Path.GetDirectoryName(p)!), Path.GetFileName(p)).Order(StringComparer.Ordinal)]
            : [Path.Combine(root, p)]).Where(File.Exists);
        foreach (var page in pages)
        {
            var lines = File.ReadAllLines(page);
            for (var i = 0; i < lines.Length; i++)
            {
                var fence = Fence().Match(lines[i]);
                if (!fence.Success)
                {
                    continue;
                }

                var indent = fence.Groups[1].Length;
                var end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
                end = end < 0 ? lines.Length : end;
                if (fence.Groups[2].Value is "bash" or "sh" or "shell" or "console")
                {
                    var text = string.Join('\n', lines[(i + 1)..end].Select(l => l.Length >= indent && string.IsNullOrWhiteSpace(l[..indent]) ? l[indent..] : l.TrimStart()));
                    yield return ($"{Path.GetRelativePath(root, page)}:{i + 1}", text);
                }

                i = end;
            }
        }
    }

    /// <summary>The verbs the silo's Program.cs matches its arguments against (<c>args is ["verb", …]</c>).</summary>
    private static HashSet<string> SiloVerbs() =>
        [.. SiloVerb().Matches(File.ReadAllText(Path.Combine(RepoRoot.Find()!, "src", "Evently.Silo", "Program.cs"))).Select(m => m.Groups[1].Value)];

    /// <summary>Every route of the API as it runs: its path as a pattern (a parameter matches one segment) and its methods (null: any).</summary>
    private static async Task<List<Route>> ReadRoutesAsync()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new Route(PathPattern(e.RoutePattern), e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray()))
            .ToList();
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes");
        return routes;
    }

    /// <summary>A route's path as a pattern: literals as they are, a parameter one segment, a catch-all the rest.</summary>
    private static Regex PathPattern(RoutePattern pattern) =>
        new("^/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => Regex.Escape(literal.Content),
            RoutePatternSeparatorPart separator => Regex.Escape(separator.Content),
            RoutePatternParameterPart { IsCatchAll: true } => ".*",
            _ => "[^/]+",
        })))) + "/?$", RegexOptions.IgnoreCase);

    private sealed record Route(Regex Path, string[]? Methods);

    [GeneratedRegex(@"^(\s*)```(\w*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\[(--[a-z-]+)\]$")]
    private static partial Regex OptionalFlag();

    [GeneratedRegex(@"args is \[\s*""([a-z][a-z-]*)""")]
    private static partial Regex SiloVerb();

}
