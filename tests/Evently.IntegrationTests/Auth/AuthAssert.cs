using System.Net;
using System.Text;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

/// <summary>Raw requests and problem assertions for the auth tests.</summary>
public static class AuthAssert
{
    /// <summary>Sends <paramref name="body"/> exactly as given.</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and <paramref name="code"/>; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }

    /// <summary>Asserts 400 <c>validation_failed</c> naming <paramref name="field"/> in <c>errors</c>.</summary>
    public static async Task ValidationFailedAsync(this HttpResponseMessage response, string field)
    {
        var json = await response.ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = json.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors has no '{field}': {errors}");
        Assert.True(messages.GetArrayLength() > 0);
    }

    /// <summary>The user's id from a login answer.</summary>
    public static async Task<Guid> UserIdAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("id").GetGuid();
}
