using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evently.Persistence.Wire;

/// <summary>
/// Brings a stored notification (its payload is written by the event's grain with default settings) to the wire format
/// of <see cref="WireFormat"/> before it is answered or sent as a webhook: every timestamp string becomes UTC with a
/// <c>Z</c>, every money member (<see cref="MoneyMembers"/>) gets two decimals, and null members are left out.
/// </summary>
public static class WireJson
{
    /// <summary>The members that carry money in notification payloads.</summary>
    public static readonly IReadOnlySet<string> MoneyMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        "price", "oldPrice", "newPrice", "basePrice", "unitPrice", "totalAmount", "amount",
    };

    /// <summary>The JSON text in the wire format (unchanged when it is not JSON).</summary>
    public static string Normalize(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }

        return node is null ? json : Normalize(node, null)?.ToJsonString() ?? json;
    }

    private static JsonNode? Normalize(JsonNode? node, string? member)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is null)
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        var normalized = Normalize(value, name);
                        if (!ReferenceEquals(normalized, value))
                        {
                            obj[name] = normalized;
                        }
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var normalized = Normalize(array[i], null);
                    if (!ReferenceEquals(normalized, array[i]))
                    {
                        array[i] = normalized;
                    }
                }

                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && IsTime(value.GetValue<string>(), out var time):
                return JsonValue.Create(WireFormat.Time(time));
            case JsonValue value when member is not null && MoneyMembers.Contains(member) && value.GetValueKind() == JsonValueKind.Number
                                      && value.TryGetValue<decimal>(out var money):
                return JsonValue.Create(WireFormat.Money(money));
            default:
                return node;
        }
    }

    // Only full ISO 8601 date-times with an offset or Z: a date alone, a name or an id stays a string.
    private static bool IsTime(string text, out DateTimeOffset time)
    {
        time = default;
        return text.Length >= 20 && text[4] == '-' && text[10] == 'T'
            && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time);
    }
}
