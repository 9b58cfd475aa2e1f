using System.Reflection;
using System.Text.RegularExpressions;
using Evently.Api.Auth;
using Evently.Grains.Options;
using Evently.Persistence.Options;
using Microsoft.AspNetCore.Identity;

namespace Evently.IntegrationTests.Foundation;

/// <summary>The configuration table of docs/operations.md and the options classes name the same keys.</summary>
public sealed partial class ConfigurationTableTests
{
    [Fact]
    public void Every_key_in_the_configuration_table_binds_to_an_options_property_and_every_options_property_is_in_the_table()
    {
        var sections = OptionsSections();
        var documented = DocumentedKeys(sections.Keys);

        var unbound = documented.Where(key => !Binds(key, sections)).ToList();
        var undocumented = sections
            .Where(s => s.Value.Any(t => typeof(IEventlyOptions).IsAssignableFrom(t)))
            .SelectMany(s => s.Value.Where(t => typeof(IEventlyOptions).IsAssignableFrom(t)).SelectMany(t => Settable(t).Select(p => $"{s.Key}:{p.Name}")))
            .Where(key => !documented.Contains(key, StringComparer.OrdinalIgnoreCase))
            .ToList();

        Assert.True(sections.Count >= 15, $"only {sections.Count} options sections found");
        Assert.Empty(unbound);
        Assert.Empty(undocumented);
    }

    // Section → the classes bound from it: every IEventlyOptions of the solution, and Identity's hasher options,
    // which share Evently:PasswordHasher with ours.
    private static Dictionary<string, List<Type>> OptionsSections()
    {
        var types = new[] { typeof(DatabaseOptions).Assembly, typeof(BookingOptions).Assembly, typeof(JwtOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEventlyOptions).IsAssignableFrom(t))
            .Select(t => (Section: (string)t.GetProperty(nameof(IEventlyOptions.Section), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!, Type: t))
            .Append((Section: PasswordHashingOptions.Section, Type: typeof(PasswordHasherOptions)));
        return types.GroupBy(t => t.Section).ToDictionary(g => g.Key, g => g.Select(t => t.Type).ToList());
    }

    // The keys named in the table's first column: a full Evently:… key, then short names of the same section.
    private static List<string> DocumentedKeys(IEnumerable<string> sections)
    {
        var known = sections.ToList();
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md"));
        var table = page[page.IndexOf("\n## Configuration", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var keys = new List<string>();
        foreach (var row in table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = row.Split('|')[1];
            string? section = null;
            foreach (Match token in Backticked().Matches(firstCell))
            {
                var name = token.Groups[1].Value;
                if (name.StartsWith("Evently:", StringComparison.Ordinal))
                {
                    section = known.Where(s => name.StartsWith(s + ":", StringComparison.Ordinal) && !name[(s.Length + 1)..].Contains(':', StringComparison.Ordinal)).FirstOrDefault()
                        ?? name[..name.LastIndexOf(':')];
                    keys.Add(name);
                }
                else if (section is not null && !name.Contains(':', StringComparison.Ordinal))
                {
                    keys.Add($"{section}:{name}");
                }
                else
                {
                    section = null;
                }
            }
        }

        return keys;
    }

    private static bool Binds(string key, Dictionary<string, List<Type>> sections)
    {
        var cut = key.LastIndexOf(':');
        return sections.TryGetValue(key[..cut], out var types)
            && types.Any(t => Settable(t).Any(p => string.Equals(p.Name, key[(cut + 1)..], StringComparison.OrdinalIgnoreCase)));
    }

    // What configuration can set: public properties with a public setter. Required ones (DatabaseOptions' connection
    // strings) are set by start-up from ConnectionStrings, rows of their own.
    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && !p.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute"));

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Evently.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Evently.sln not found above the test binaries.");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
