using System.Text.RegularExpressions;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// docs/operations.md's <c>.env</c> recipe sets every variable docker-compose.yml requires (<c>${VAR:?…}</c>): an
/// operator who follows it gets a stack that starts, not a compose error about a missing secret.
/// </summary>
public sealed partial class ComposeRecipeTests
{
    [Fact]
    public void The_env_recipe_sets_every_variable_the_compose_file_requires()
    {
        var root = RepositoryRoot();
        var required = RequiredVariable().Matches(File.ReadAllText(Path.Combine(root, "docker-compose.yml")))
            .Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        var docs = File.ReadAllText(Path.Combine(root, "docs", "operations.md"));

        Assert.NotEmpty(required);
        Assert.Empty(required.Where(v => !Regex.IsMatch(docs, $"^{v}=", RegexOptions.Multiline)).Select(v => $"{v} is required by docker-compose.yml but not set by the .env recipe in docs/operations.md"));
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

    [GeneratedRegex(@"\$\{([A-Z0-9_]+):\?")]
    private static partial Regex RequiredVariable();
}
