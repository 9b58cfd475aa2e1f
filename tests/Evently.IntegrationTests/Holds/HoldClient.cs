using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Holds;

/// <summary>Calling the holds endpoints as a client would, and reading what the shard holds.</summary>
public static class HoldClient
{
    public static Task<HttpResponseMessage> HoldAsync(this HttpClient client, Guid eventId, int quantity, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/holds") { Content = JsonContent.Create(new { quantity }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<Guid> HoldIdAsync(this HttpClient client, Guid eventId, int quantity)
    {
        var response = await client.HoldAsync(eventId, quantity);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, Guid holdId) =>
        client.PostAsync(new Uri($"/api/v1/holds/{holdId}/confirm", UriKind.Relative), null);

    public static Task<HttpResponseMessage> ReleaseAsync(this HttpClient client, Guid holdId) =>
        client.DeleteAsync(new Uri($"/api/v1/holds/{holdId}", UriKind.Relative));

    public static Task<HttpResponseMessage> ReadHoldAsync(this HttpClient client, Guid holdId) =>
        client.GetAsync(new Uri($"/api/v1/holds/{holdId}", UriKind.Relative));

    public static async Task<(int Available, int Held)> SeatsAsync(this HttpClient client, Guid eventId)
    {
        var ev = await (await client.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
        return (ev.GetProperty("availableSeats").GetInt32(), ev.GetProperty("heldSeats").GetInt32());
    }

    /// <summary>The shard that holds the event.</summary>
    public static async Task<string> ShardOfAsync(this EventlyApp app, Guid eventId)
    {
        foreach (var shard in app.Shards)
        {
            if (await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM events WHERE id = @id", ("id", eventId)) == 1)
            {
                return shard;
            }
        }

        throw new InvalidOperationException($"Event {eventId} is on no shard.");
    }

    public static Task<string> HoldStatusAsync(string shard, Guid holdId) =>
        TestPostgres.ScalarAsync<string>(shard, "SELECT status FROM holds WHERE id = @id", ("id", holdId));

    /// <summary>
    /// The auditor's hold invariants, over every shard: held seats = Σ active promotions + Σ active holds, every
    /// confirmed hold has its confirmed booking (same user and quantity), and the seat equation.
    /// </summary>
    public static async Task AssertHoldInvariantsAsync(this EventlyApp app)
    {
        await app.AssertInvariantsAsync();
        foreach (var shard in app.Shards)
        {
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(shard, """
                SELECT count(*) FROM events e
                WHERE e.held_seats <> coalesce((SELECT sum(quantity) FROM waitlist_promotions p WHERE p.event_id = e.id AND p.status = 'active'), 0)
                                    + coalesce((SELECT sum(quantity) FROM holds h WHERE h.event_id = e.id AND h.status = 'held'), 0)
                """));
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(shard, """
                SELECT count(*) FROM holds h LEFT JOIN bookings b ON b.id = h.booking_id
                WHERE h.status = 'confirmed' AND (b.id IS NULL OR b.user_id <> h.user_id OR b.quantity <> h.quantity OR b.unit_price <> h.unit_price)
                """));
        }
    }
}
