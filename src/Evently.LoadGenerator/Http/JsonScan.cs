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

    /// <summary>
    /// A booking answer's <c>id</c> and <c>quantity</c> in one pass (stopping once both are read), or null without an id:
    /// every 201 of a run is read, so one scan instead of two is client CPU the server gets back.
    /// </summary>
    public static (Guid Id, long? Quantity)? Booking(ReadOnlySpan<byte> json)
    {
        Guid? id = null;
        long? quantity = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            while ((id is null || quantity is null) && reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var isId = reader.ValueTextEquals("id"u8);
                var isQuantity = !isId && reader.ValueTextEquals("quantity"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (isId && id is null && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var g))
                {
                    id = g;
                }
                else if (isQuantity && quantity is null && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
                {
                    quantity = n;
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
        }

        return id is { } found ? (found, quantity) : null;
    }

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
