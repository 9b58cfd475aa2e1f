using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Evently.Core.Seating;

namespace Evently.Core;

/// <summary>
/// What a booking or hold request asked for, as its idempotency key remembers it: a retry with the key is told the
/// original only when it asks the same (API: same body); otherwise it is refused as <c>idempotency_key_reused</c>.
/// <see cref="Text"/> is a canonical form stored beside the key, so an activation that reads the booking or hold back
/// from the store compares the same way. Named seats compare as a set (their order in the body means nothing), and
/// <c>together</c> means nothing beside named seats.
/// </summary>
public sealed record RequestShape(int Quantity, string? Text)
{
    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>The shape of a request for <paramref name="quantity"/> seats, chosen as <paramref name="seats"/> says.</summary>
    public static RequestShape Of(int quantity, SeatRequest? seats) => new(quantity, TextOf(quantity, seats));

    /// <summary>
    /// The shape a stored booking or hold was made with. Rows written before shapes were kept have no text: of them only
    /// the quantity is known, and only the quantity is compared.
    /// </summary>
    public static RequestShape Stored(int quantity, string? text) => new(quantity, text);

    /// <summary>True when a retry asking <paramref name="retry"/> is the same request as this one.</summary>
    public bool Matches(RequestShape retry) => Text is null ? Quantity == retry.Quantity : Text == retry.Text;

    private static string TextOf(int quantity, SeatRequest? seats)
    {
        if (seats is { IsSpecific: true, Seats: { } named })
        {
            return JsonSerializer.Serialize(new Asked(quantity, named.Order(StringComparer.Ordinal).ToArray(), null, false), Canonical);
        }

        return seats is { Section: not null } or { Together: true }
            ? JsonSerializer.Serialize(new Asked(quantity, null, seats.Section, seats.Together), Canonical)
            : string.Create(CultureInfo.InvariantCulture, $"{{\"quantity\":{quantity}}}");
    }

    private sealed record Asked(int Quantity, string[]? Seats, string? Section, bool Together);
}
