using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// The OpenAPI document says of each request member what the handler holds it to (docs/api.md): only the members it
/// requires are required (the quick start's event has five), and members carry their range, default and a description,
/// so that a generated client and its users need not read the handlers. Of each response member it says whether it is
/// always there (required) or may be absent; none is nullable, since an absent member is left out, never sent as null.
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

    [Fact]
    public async Task Responses_require_the_members_always_sent_and_none_is_nullable()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        using var client = app.CreateClient();
        var schemas = (await (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).JsonAsync()).GetProperty("components").GetProperty("schemas");

        // The members each response may leave out; every other member is always sent.
        var optional = new Dictionary<string, string[]>
        {
            ["EventResponse"] = ["maxTicketsPerUser", "waitingRoom", "waitlistLength"],
            ["BookingResponse"] = ["cancelledAt", "seats"],
            ["HoldView"] = ["bookingId", "resolvedAt", "seats"],
            ["WaitlistEntryView"] = ["promotion"],
            ["PromotionView"] = [],
            ["QueueView"] = ["admittedUntil", "estimatedWaitSeconds", "position"],
            ["UserView"] = [],
            ["WaitingRoomTerms"] = [],
        };
        foreach (var (name, absentable) in optional)
        {
            var properties = schemas.GetProperty(name).GetProperty("properties").EnumerateObject().ToList();
            Assert.True(absentable.All(a => properties.Any(p => p.Name == a)), $"{name} has no member of [{string.Join(", ", absentable)}]");
            var always = properties.Select(p => p.Name).Except(absentable).Order(StringComparer.Ordinal).ToArray();
            Assert.True(always.SequenceEqual(Required(schemas, name)), $"{name} requires [{string.Join(", ", Required(schemas, name))}], always sent are [{string.Join(", ", always)}]");
            foreach (var property in properties)
            {
                Assert.False(Nullable(property.Value), $"{name}.{property.Name} is declared nullable: {property.Value}");
            }
        }

        // The problem's members other than the RFC's are absent when a problem has nothing to say in them.
        Assert.Equal(["code", "status"], Required(schemas, "Problem"));
    }

    /// <summary>True when the schema admits null: a "null" type, or a "null" alternative of oneOf/anyOf.</summary>
    private static bool Nullable(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type)
            && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null"))
        {
            return true;
        }

        return new[] { "oneOf", "anyOf" }.Any(k => schema.TryGetProperty(k, out var alternatives) && alternatives.EnumerateArray().Any(Nullable))
            || (schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean());
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
