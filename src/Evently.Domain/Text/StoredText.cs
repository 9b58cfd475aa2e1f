namespace Evently.Domain.Text;

/// <summary>
/// Which text may be stored. PostgreSQL's <c>text</c> and <c>jsonb</c> cannot hold U+0000 at all, and a refused value
/// fails the whole transaction it is written in, which other users' requests share: <see cref="CanStore"/> is the rule
/// the event's decisions obey before anything is enlisted. The edge is stricter (<see cref="HasControl"/>): no field
/// means a control character, and free text allows only line breaks and tabs.
/// </summary>
public static class StoredText
{
    /// <summary>True when PostgreSQL can store <paramref name="value"/>; null can be.</summary>
    public static bool CanStore(string? value) => value is null || !value.Contains('\0', StringComparison.Ordinal);

    /// <summary>
    /// True when <paramref name="value"/> holds a control character (Unicode category Cc, U+0000 included); with
    /// <paramref name="allowLineBreaks"/> a <c>\n</c>, <c>\r</c> or <c>\t</c> is not counted. Null holds none.
    /// </summary>
    public static bool HasControl(string? value, bool allowLineBreaks = false)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }
}
