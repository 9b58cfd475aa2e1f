using System.Text.Json;
using System.Text.Json.Serialization;
using Evently.Persistence.Wire;

namespace Evently.Api.Http;

/// <summary>
/// Writes every decimal (on the wire, decimals are money; rates are doubles) with two decimals (<c>30.00</c>), as
/// docs/api.md#conventions says, whether it came from a request (<c>30</c>) or from PostgreSQL (<c>30.00</c>). Reads a
/// JSON number as it is, so validation still sees more than two decimals.
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    /// <inheritdoc />
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetDecimal() : throw new JsonException("An amount must be a JSON number.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(WireFormat.Money(value));
}
