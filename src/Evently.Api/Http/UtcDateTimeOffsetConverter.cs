using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evently.Api.Http;

/// <summary>Writes timestamps as UTC with a <c>Z</c> (<c>2027-03-01T19:30:00Z</c>), as docs/api.md#conventions shows; reads any ISO 8601 offset.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
