using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Holds;

/// <summary>Calling the holds endpoints as a client would, and reading what the shard holds.</summary>
public static class HoldClient
{
    public static async Task<HttpResponseMessage> HoldAsync(this HttpClient client, Guid eventId, int quantity, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/holds") { Content = JsonContent.Create(new { quantity }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
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

    public static Task<string> HoldStatusAsync(string shard, Guid holdId) =>
        TestPostgres.ScalarAsync<string>(shard, "SELECT status FROM holds WHERE id = @id", ("id", holdId));
}
