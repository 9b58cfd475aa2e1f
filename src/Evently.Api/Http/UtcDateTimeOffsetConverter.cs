using System.Text.Json;
using System.Text.Json.Serialization;
using Evently.Persistence.Wire;

namespace Evently.Api.Http;

/// <summary>
/// Writes timestamps as UTC with a <c>Z</c> and six fractional digits (<c>2027-03-01T19:30:00.000000Z</c>), as
/// docs/api.md#conventions shows, so an answer when a thing is made matches its read; reads any ISO 8601 offset.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireFormat.Time(value));
}
