using System.Text;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// One simple command of a documented shell block, split into words the way the shell would for the commands the docs
/// quote: quotes removed, variables and command substitutions replaced by a value (the one the block assigns
/// literally, else a placeholder number, which passes for an id, a pid or a password alike).
/// </summary>
internal sealed class ShellCommand
{
    /// <summary>What an unknown variable or a command substitution stands for.</summary>
    public const string Placeholder = "4242";

    private static readonly HashSet<string> Keywords = new(["do", "then", "else", "elif", "if", "while", "until", "!", "{", "}", "time", "exec"], StringComparer.Ordinal);

    private ShellCommand(List<string> words) => Words = words;

    /// <summary>The words, leading <c>NAME=value</c> assignments dropped.</summary>
    public List<string> Words { get; }

    /// <summary>The simple commands of <paramref name="block"/>: continuation lines joined, comments dropped, split at <c>; &amp;&amp; || | &amp;</c> and at the edges of <c>$( … )</c>.</summary>
    public static IEnumerable<ShellCommand> Parse(string block)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in block.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var words in Split(line, variables))
            {
                var first = words.FindIndex(w => !IsAssignment(w) && !Keywords.Contains(w));
                if (words.TrueForAll(IsAssignment))
                {
                    foreach (var assignment in words)
                    {
                        var cut = assignment.IndexOf('=', StringComparison.Ordinal);
                        variables[assignment[..cut]] = assignment[(cut + 1)..];
                    }
                }
                else if (first >= 0)
                {
                    yield return new ShellCommand(words[first..]);
                }
            }
        }
    }

    /// <summary>The words after the first <c>--</c>, or none.</summary>
    public List<string> AfterDoubleDash()
    {
        var at = Words.IndexOf("--");
        return at < 0 ? [] : Words[(at + 1)..];
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', Words);

    private static bool IsAssignment(string word)
    {
        var cut = word.IndexOf('=', StringComparison.Ordinal);
        return cut > 0 && word[..cut].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }

    // A small reading of the shell: enough for the docs' commands, not a shell. A value assigned from a substitution is
    // unknown (the placeholder); one assigned a literal keeps it, so `$API/events` reads as the URL it is.
    private static List<List<string>> Split(string line, Dictionary<string, string> variables)
    {
        var commands = new List<List<string>> { new() };
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c == '$' && i + 1 < line.Length)
            {
                inWord = true;
                i = Expand(line, i, word, variables, commands);
                continue;
            }

            if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' ? line[++i] : c);
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (char.IsWhiteSpace(c) || c is ';' or '|' or '&' or '(' or ')')
            {
                if (inWord)
                {
                    commands[^1].Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                if (!char.IsWhiteSpace(c) && commands[^1].Count > 0)
                {
                    commands.Add([]);
                }
            }
            else
            {
                word.Append(c == '\\' && i + 1 < line.Length ? line[++i] : c);
                inWord = true;
            }
        }

        if (inWord)
        {
            commands[^1].Add(word.ToString());
        }

        return commands.Where(c => c.Count > 0).ToList();
    }

    /// <summary>Expands the <c>$</c> at <paramref name="at"/>; returns the index of its last character. A <c>$( … )</c> is a command of its own too.</summary>
    private static int Expand(string line, int at, StringBuilder word, Dictionary<string, string> variables, List<List<string>> commands)
    {
        if (line[at + 1] == '(')
        {
            var depth = 0;
            var end = at + 1;
            for (; end < line.Length; end++)
            {
                depth += line[end] switch { '(' => 1, ')' => -1, _ => 0 };
                if (depth == 0)
                {
                    break;
                }
            }

            foreach (var inner in Split(line[(at + 2)..Math.Min(end, line.Length)], variables))
            {
                commands.Insert(commands.Count - 1, inner);
            }

            word.Append(Placeholder);
            return end;
        }

        var braced = line[at + 1] == '{';
        var start = braced ? at + 2 : at + 1;
        var stop = start;
        while (stop < line.Length && (char.IsAsciiLetterOrDigit(line[stop]) || line[stop] == '_' || (stop == start && line[stop] is '!' or '?' or '$')))
        {
            stop++;
            if (line[stop - 1] is '!' or '?' or '$')
            {
                break;
            }
        }

        if (stop == start)
        {
            word.Append('$');
            return at;
        }

        var name = line[start..stop];
        word.Append(variables.TryGetValue(name, out var value) ? value : Placeholder);
        return braced ? line.IndexOf('}', stop) : stop - 1;
    }
}
