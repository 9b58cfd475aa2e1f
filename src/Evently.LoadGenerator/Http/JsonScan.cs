using System.Text.Json;

namespace Evently.LoadGenerator.Http;

/// <summary>Reads one top-level member of a small JSON object without building a DOM.</summary>
internal static class JsonScan
{
    public static string? String(ReadOnlySpan<byte> json, string name) =>
        TryFind(json, name, out var reader) && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    public static Guid? Guid(ReadOnlySpan<byte> json, string name) =>
        TryFind(json, name, out var reader) && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var g) ? g : null;

    public static long? Int64(ReadOnlySpan<byte> json, string name) =>
        TryFind(json, name, out var reader) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;

    private static bool TryFind(ReadOnlySpan<byte> json, string name, out Utf8JsonReader found)
    {
        found = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    found = reader;
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
