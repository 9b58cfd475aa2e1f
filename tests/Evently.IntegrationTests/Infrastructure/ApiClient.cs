using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>Small helpers for calling the API the way a client would.</summary>
public static class ApiClient
{
    /// <summary>Creates an event as the admin and returns its id.</summary>
    public static async Task<Guid> CreateEventAsync(this EventlyApp app, string adminToken, int capacity, decimal price = 49.90m, string? name = null, DateTimeOffset? date = null)
    {
        using var client = app.ClientWithToken(adminToken);
        var response = await client.PostAsJsonAsync("/api/v1/events", new
        {
            name = name ?? "Flash sale",
            description = "Integration test event",
            venue = "Main Hall",
            eventDate = date ?? DateTimeOffset.UtcNow.AddDays(30),
            totalCapacity = capacity,
            price,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Books and returns the raw response.</summary>
    public static async Task<HttpResponseMessage> BookAsync(this HttpClient client, Guid eventId, int quantity, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/bookings") { Content = JsonContent.Create(new { quantity }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        // Read as a buffered string so a test can read the same body more than once.
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The problem's <c>code</c> member.</summary>
    public static async Task<string?> CodeAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        return json.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and <paramref name="code"/>; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>Σ confirmed quantity of an event, over every shard.</summary>
    public static async Task<long> SoldAsync(this EventlyApp app, Guid eventId)
    {
        long sold = 0;
        foreach (var shard in app.Shards)
        {
            sold += await TestPostgres.ScalarAsync<long>(shard, "SELECT coalesce(sum(quantity), 0)::bigint FROM bookings WHERE event_id = @e AND status = 'confirmed'", ("e", eventId));
        }

        return sold;
    }

    /// <summary>How many of <paramref name="bookingIds"/> are rows, over every shard.</summary>
    public static async Task<long> CountBookingsAsync(this EventlyApp app, IReadOnlyCollection<Guid> bookingIds)
    {
        long found = 0;
        foreach (var shard in app.Shards)
        {
            found += await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM bookings WHERE id = ANY(@ids)", ("ids", bookingIds.ToArray()));
        }

        return found;
    }
}
