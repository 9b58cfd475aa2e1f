using System.Text.Json;
using System.Text.RegularExpressions;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// docs/api.md, the API reference people read, and the served OpenAPI document, what clients generate from, tell one
/// story: the same operations (method and path), and per operation the same problem codes per status. An endpoint or a
/// code added to one and not the other fails here, naming it.
/// </summary>
public sealed partial class ApiReferenceTests
{
    [Fact]
    public async Task The_reference_and_the_OpenAPI_document_list_the_same_operations_and_problem_codes()
    {
        var documented = DocumentedOperations(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "api.md")));
        await using var app = await EventlyApp.StartAsync(shards: 1);
        using var client = app.CreateClient();
        var served = ServedOperations(await (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).JsonAsync());

        Assert.True(served.Count >= 30, $"only {served.Count} operations in the OpenAPI document");
        Assert.Empty(served.Keys.Except(documented.Keys).Select(o => $"{o} is served but not in docs/api.md"));
        Assert.Empty(documented.Keys.Except(served.Keys).Select(o => $"{o} is in docs/api.md but not served"));
        foreach (var (operation, codes) in served)
        {
            Assert.Empty(codes.Except(documented[operation]).Select(c => $"{operation} answers {c}, which docs/api.md does not list"));
            Assert.Empty(documented[operation].Except(codes).Select(c => $"docs/api.md lists {c} for {operation}, which the OpenAPI document does not"));
        }

        var explained = ErrorTableCodes(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "api.md")));
        Assert.Empty(served.Values.SelectMany(c => c).Select(c => c.Split(' ')[1]).Distinct().Except(explained)
            .Select(c => $"{c} is not explained in the Errors table of docs/api.md"));
    }

    [Fact]
    public void An_operation_without_its_problems_line_or_listed_twice_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => DocumentedOperations("### GET /api/v1/events\n\nRole: anyone.\n\n### GET /api/v1/events/{id}\n\nProblems: `404 event_not_found`\n"));
        Assert.Throws<InvalidOperationException>(() => DocumentedOperations("### GET /api/v1/events\n\nProblems: `400 validation_failed`\n\n### GET /api/v1/events\n\nProblems: `400 validation_failed`\n"));
        var parsed = DocumentedOperations("## Events\n\n### GET /api/v1/events/{id}\n\nRole: anyone.\n\nProblems: `400 validation_failed`, `404 event_not_found`\n");
        Assert.Equal(["400 validation_failed", "404 event_not_found"], parsed["GET /api/v1/events/{id}"].Order(StringComparer.Ordinal));
    }

    /// <summary>Each <c>### METHOD /path</c> heading and the <c>Problems:</c> line that follows it, before the next heading.</summary>
    internal static Dictionary<string, HashSet<string>> DocumentedOperations(string page)
    {
        var operations = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in page.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            var heading = OperationHeading().Match(line);
            if (heading.Success)
            {
                Close(current);
                current = $"{heading.Groups[1].Value} {heading.Groups[2].Value}";
                if (operations.ContainsKey(current))
                {
                    throw new InvalidOperationException($"{current} is documented twice");
                }
            }
            else if (line.StartsWith('#'))
            {
                Close(current);
                current = null;
            }
            else if (current is not null && line.StartsWith("Problems:", StringComparison.Ordinal))
            {
                operations[current] = ProblemCode().Matches(line).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToHashSet(StringComparer.Ordinal);
                current = null;
            }
        }

        Close(current);
        return operations;

        static void Close(string? open)
        {
            if (open is not null)
            {
                throw new InvalidOperationException($"{open} has no 'Problems:' line");
            }
        }
    }

    private static Dictionary<string, HashSet<string>> ServedOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (
                Key: $"{operation.Name.ToUpperInvariant()} {path.Name}",
                Codes: operation.Value.GetProperty("responses").EnumerateObject()
                    .Where(response => response.Value.TryGetProperty("x-problem-codes", out _))
                    .SelectMany(response => response.Value.GetProperty("x-problem-codes").EnumerateArray().Select(code => $"{response.Name} {code.GetString()}"))
                    .ToHashSet(StringComparer.Ordinal))))
            .ToDictionary(o => o.Key, o => o.Codes, StringComparer.Ordinal);

    // The codes named in the second column of the table under "## Errors".
    private static HashSet<string> ErrorTableCodes(string page)
    {
        var section = page[page.IndexOf("\n## Errors", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        return section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Split('|').Length > 3)
            .SelectMany(l => Backticked().Matches(l.Split('|')[2]).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Evently.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Evently.sln not found above the test's folder");
    }

    [GeneratedRegex(@"^### (GET|POST|PUT|PATCH|DELETE) (/\S+)\s*$")]
    private static partial Regex OperationHeading();

    [GeneratedRegex(@"`(\d{3}) ([a-z_]+)`")]
    private static partial Regex ProblemCode();

    [GeneratedRegex(@"`([a-z_]+)`")]
    private static partial Regex Backticked();
}
