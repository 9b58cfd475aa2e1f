using System.Net.Http.Headers;
using System.Text.Json;

namespace Evently.IntegrationTests.Reliability;

/// <summary>Sends a generated request and judges the answer against the API's rules for errors (docs/api.md#errors).</summary>
public static class FuzzVerdict
{
    /// <summary>The status, and what is wrong with the answer (null when nothing is).</summary>
    public static async Task<(int Status, string? Problem)> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.PathAndQuery, UriKind.Relative));
        if (request.Body.Bytes is { } bytes)
        {
            message.Content = new ByteArrayContent(bytes);
            if (request.Body.ContentType is { } contentType)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message);
        }
        catch (TaskCanceledException)
        {
            return (0, "no answer within 15 s");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            return (status, Judge(request, status, response.Content.Headers.ContentType?.MediaType, body));
        }
    }

    private static string? Judge(FuzzRequest request, int status, string? mediaType, string body)
    {
        if (status >= 500)
        {
            return $"answered {status}: {Shorten(body)}";
        }

        if (status >= 400 && (body.Contains("\n   at ", StringComparison.Ordinal) || body.Contains("StackTrace", StringComparison.OrdinalIgnoreCase)))
        {
            return $"answered {status} with a stack trace: {Shorten(body)}";
        }

        // The dashboard's sign-in form answers its own GET and POST with HTML for browsers.
        if (status < 400 || (request.Endpoint.AnswersHtml && request.Method is "GET" or "POST") || (request.Endpoint.IsFrameworkDocument && request.Method == "GET"))
        {
            return null;
        }

        if (mediaType != "application/problem+json")
        {
            return $"answered {status} as '{mediaType}', not application/problem+json: {Shorten(body)}";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() is { Length: > 0 }
                ? null
                : $"answered {status} with a problem without a code: {Shorten(body)}";
        }
        catch (JsonException)
        {
            return $"answered {status} with a problem that is not JSON: {Shorten(body)}";
        }
    }

    private static string Shorten(string body) => body.Length <= 600 ? body : body[..600] + "…";
}
