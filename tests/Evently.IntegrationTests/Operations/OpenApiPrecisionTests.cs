using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// The OpenAPI document says of each request member what the handler holds it to (docs/api.md): only the members it
/// requires are required (the quick start's event has five), and members carry their range, default and a description,
/// so that a generated client and its users need not read the handlers.
/// </summary>
public sealed class OpenApiPrecisionTests
{
    [Fact]
    public async Task Request_bodies_require_only_what_the_handler_requires_and_describe_ranges_and_defaults()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        using var client = app.CreateClient();
        var schemas = (await (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).JsonAsync()).GetProperty("components").GetProperty("schemas");

        Assert.Equal(["eventDate", "name", "price", "totalCapacity", "venue"], Required(schemas, "CreateEventRequest"));
        Assert.Equal(["admitPerMinute"], Required(schemas, "WaitingRoomRequest"));
        Assert.Empty(Required(schemas, "BookingBody"));
        Assert.Empty(Required(schemas, "JoinWaitlistRequest"));
        Assert.Empty(Required(schemas, "NotificationPreferences"));

        var create = schemas.GetProperty("CreateEventRequest").GetProperty("properties");
        Assert.Equal(1, Number(create, "totalCapacity", "minimum"));
        Assert.Equal(1_000_000, Number(create, "totalCapacity", "maximum"));
        Assert.Equal(0, Number(create, "price", "minimum"));
        Assert.Equal(100_000, Number(create, "price", "maximum"));
        Assert.Equal(15, Number(create, "promotionWindowMinutes", "default"));
        Assert.Equal(10, Number(create, "holdMinutes", "default"));
        Assert.Equal(60, Number(create, "holdMinutes", "maximum"));
        var waitlist = schemas.GetProperty("JoinWaitlistRequest").GetProperty("properties");
        Assert.Equal(1, Number(waitlist, "quantity", "default"));
        Assert.Equal(10, Number(waitlist, "quantity", "maximum"));
        foreach (var (schema, properties) in new[] { ("CreateEventRequest", create), ("JoinWaitlistRequest", waitlist), ("BookingBody", schemas.GetProperty("BookingBody").GetProperty("properties")) })
        {
            // Members of an object type are references to their own described schema.
            foreach (var property in properties.EnumerateObject().Where(p => !p.Value.TryGetProperty("oneOf", out _) && !p.Value.TryGetProperty("$ref", out _)))
            {
                Assert.True(property.Value.TryGetProperty("description", out var description) && description.GetString()!.Length > 10, $"{schema}.{property.Name} has no description: {property.Value}");
            }
        }
    }

    private static string[] Required(JsonElement schemas, string name) =>
        schemas.GetProperty(name).TryGetProperty("required", out var required)
            ? required.EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal).ToArray()
            : [];

    private static decimal Number(JsonElement properties, string member, string keyword)
    {
        var value = properties.GetProperty(member).GetProperty(keyword);
        return value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetDecimal();
    }
}
