using System.Text.Json;
using System.Text.RegularExpressions;

namespace Evently.Api.Http;

/// <summary>
/// Names the field of input the framework refused before a handler ran (docs/api.md#errors): a query or route value
/// that does not parse is reported under its parameter, a body member of the wrong type under its JSON path
/// (<c>quantity</c>, <c>seats[0]</c>, <c>waitingRoom.admitPerMinute</c>); only a body that is not JSON of the expected
/// shape at all is reported under <c>body</c>, and a body that is not JSON under <c>Content-Type</c>.
/// </summary>
public static partial class BadInput
{
    /// <summary>The <c>errors</c> key of a problem about the body as a whole.</summary>
    public const string Body = "body";

    /// <summary>The <c>errors</c> key of a <c>415</c>.</summary>
    public const string ContentType = "Content-Type";

    /// <summary>The title of a <c>415</c>.</summary>
    public const string UnsupportedMediaTypeTitle = "The request body must be JSON.";

    /// <summary>What a <c>415</c> tells the client to do, naming the content type it sent.</summary>
    public static string UnsupportedMediaType(HttpRequest request) =>
        $"Send the body as JSON with Content-Type: application/json (this request's Content-Type: {(string.IsNullOrWhiteSpace(request.ContentType) ? "none" : request.ContentType)}).";

    /// <summary>The field a refused request got wrong and what was wrong with it.</summary>
    public static (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            // A reader error (bad syntax, a truncated body) is about the text as a whole, wherever it stopped.
            var path = json.Path;
            if (json.InnerException is JsonException || string.IsNullOrEmpty(path) || path == "$" || !path.StartsWith('$'))
            {
                return (Body, "The request body is not valid JSON of the expected shape.");
            }

            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];
            var type = ConvertedTo().Match(json.Message);
            return (field, $"{field} must be {Expected(type.Success ? type.Groups["type"].Value : "")}.");
        }

        var bind = FailedToBind().Match(exception.Message);
        if (bind.Success)
        {
            var field = CamelCase(bind.Groups["name"].Value);
            return (field, $"{field} must be {Expected(bind.Groups["type"].Value)}.");
        }

        var required = RequiredParameter().Match(exception.Message);
        if (required.Success)
        {
            var field = CamelCase(required.Groups["name"].Value);
            return (field, $"{field} is required.");
        }

        return (Body, exception.Message.Length < 300 ? exception.Message : "The request is malformed.");
    }

    // The CLR type the framework wanted, told in the client's terms.
    private static string Expected(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } nullable ? nullable.Groups["inner"].Value : type;
        return inner switch
        {
            _ when inner.Contains("`1[", StringComparison.Ordinal) || inner.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ when Named(inner, "Int32", "int", "Int64", "long", "Int16", "short") => "a whole number in range",
            _ when Named(inner, "Decimal", "decimal", "Double", "double") => "a number",
            _ when Named(inner, "Boolean", "bool") => "true or false",
            _ when Named(inner, "DateTimeOffset", "DateTime") => "an ISO 8601 date-time such as 2030-03-01T19:30:00Z",
            _ when Named(inner, "Guid") => "a UUID",
            _ when Named(inner, "String", "string") => "a string",
            "" => "a valid value",
            _ => "an object",
        };

        static bool Named(string type, params string[] names) =>
            names.Any(n => type == n || type.EndsWith("." + n, StringComparison.Ordinal));
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex("converted to (?<type>[^ ]+?)\\. Path", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided", RegexOptions.CultureInvariant)]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("^(?:System\\.)?Nullable(?:`1\\[|<)(?<inner>.+)(?:\\]|>)$", RegexOptions.CultureInvariant)]
    private static partial Regex NullableOf();
}
