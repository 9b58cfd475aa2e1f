using System.Globalization;

namespace Evently.Api.Http;

/// <summary>
/// The entity tags of this API: a resource's version in quotes (<c>"3"</c>), sent as <c>ETag</c> and taken back in
/// <c>If-Match</c> on the edits that honour it (events, users).
/// </summary>
public static class ETags
{
    /// <summary>The field name of If-Match errors.</summary>
    public const string IfMatch = "If-Match";

    /// <summary>Sets <c>ETag</c> to <paramref name="version"/>.</summary>
    public static void Set(HttpContext context, long version) =>
        context.Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// Reads an If-Match header. No header, or <c>*</c> (any current version), is no precondition (<paramref name="expected"/>
    /// null). <c>"3"</c>, <c>W/"3"</c> or a bare <c>3</c> expects version 3. Anything else is not a tag this API issued: false.
    /// </summary>
    public static bool TryParseIfMatch(string? header, out long? expected)
    {
        expected = null;
        var token = header?.Trim();
        if (token is null || token == "*")
        {
            return true;
        }

        token = (token.StartsWith("W/", StringComparison.Ordinal) ? token[2..] : token).Trim('"');
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            expected = version;
            return true;
        }

        return false;
    }
}
