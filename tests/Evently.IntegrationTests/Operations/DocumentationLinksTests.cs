using System.Text.RegularExpressions;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// The README and the pages of docs/ link into each other by file and heading; a page or a heading moved or renamed
/// leaves a link pointing nowhere, which this finds (headings turn into anchors the way GitHub renders them).
/// </summary>
public sealed partial class DocumentationLinksTests
{
    [Fact]
    public void Every_relative_link_of_the_README_and_docs_reaches_its_file_and_heading()
    {
        var root = RepositoryRoot();
        var pages = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md")).ToList();
        Assert.True(pages.Count >= 7, $"only {pages.Count} pages");
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var page in pages)
        {
            foreach (Match link in Link().Matches(File.ReadAllText(page)))
            {
                var target = link.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                checkedLinks++;
                var cut = target.IndexOf('#', StringComparison.Ordinal);
                var file = cut < 0 ? target : target[..cut];
                var path = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, file));
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    broken.Add($"{Path.GetRelativePath(root, page)}: {target} (no such file)");
                }
                else if (cut >= 0 && !Anchors(File.ReadAllText(path)).Contains(target[(cut + 1)..]))
                {
                    broken.Add($"{Path.GetRelativePath(root, page)}: {target} (no such heading)");
                }
            }
        }

        Assert.True(checkedLinks >= 50, $"only {checkedLinks} relative links found");
        Assert.Empty(broken);
    }

    [Fact]
    public void Anchors_are_made_as_GitHub_makes_them()
    {
        var anchors = Anchors("# Evently\n## Sale day: sales window, waiting room, per-user limit\n### POST /api/v1/events/{id}/bookings\n## Tests\n## Tests\n```\n# not a heading\n```\n");
        Assert.Equal(["evently", "sale-day-sales-window-waiting-room-per-user-limit", "post-apiv1eventsidbookings", "tests", "tests-1"], anchors);
    }

    /// <summary>The anchors of a page's headings, outside fenced code: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    internal static List<string> Anchors(string page)
    {
        var anchors = new List<string>();
        var fenced = false;
        foreach (var line in page.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            var heading = Heading().Match(line);
            if (fenced || !heading.Success)
            {
                continue;
            }

            var slug = NotInSlug().Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var repeats = anchors.Count(a => a == slug || a.StartsWith(slug + "-", StringComparison.Ordinal) && int.TryParse(a[(slug.Length + 1)..], out _));
            anchors.Add(repeats == 0 ? slug : $"{slug}-{repeats}");
        }

        return anchors;
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

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\- _]")]
    private static partial Regex NotInSlug();
}
