using System.Net.Http.Json;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.SaleDay;

/// <summary>Helpers for sale-day events.</summary>
internal static class SaleApi
{
    /// <summary>Creates an event with the given sale fields (anything else defaulted) and returns the created event.</summary>
    public static async Task<JsonElement> CreateSaleAsync(this EventlyApp app, string admin, object sale, int capacity = 1000)
    {
        using var client = app.ClientWithToken(admin);
        var body = JsonSerializer.SerializeToNode(sale, JsonSerializerOptions.Web)!.AsObject();
        body["name"] = "Sale day";
        body["venue"] = "Arena";
        body["totalCapacity"] = capacity;
        body["price"] = 10m;
        if (!body.ContainsKey("eventDate"))
        {
            body["eventDate"] = DateTimeOffset.UtcNow.AddDays(30);
        }

        var response = await client.PostAsJsonAsync("/api/v1/events", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>True when the member is null or left out (the API leaves null members out).</summary>
    public static bool IsNullOrAbsent(this JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;
}
