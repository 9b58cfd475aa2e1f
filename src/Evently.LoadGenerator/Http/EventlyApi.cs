using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Evently.LoadGenerator.Http;

/// <summary>The calls the load generator makes, over one shared <see cref="HttpClient"/>.</summary>
internal sealed class EventlyApi
{
    private static readonly byte[][] QuantityBodies = [.. Enumerable.Range(0, 11).Select(q => Encoding.UTF8.GetBytes($"{{\"quantity\":{q}}}"))];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly CreatedEvents? _created;

    /// <summary>An API over <paramref name="http"/>; the events it creates are noted in <paramref name="created"/> (to be cancelled at the end).</summary>
    public EventlyApi(HttpClient http, Uri baseUrl, CreatedEvents? created = null)
    {
        _http = http;
        _created = created;
        var text = baseUrl.ToString();
        BaseUrl = new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>The API's base (ends with '/'; <c>api/v1/…</c> is appended).</summary>
    public Uri BaseUrl { get; }

    public Uri Url(string relative) => new(BaseUrl, relative);

    public Uri BookingUrl(Guid eventId) => Url($"api/v1/events/{eventId}/bookings");

    /// <summary>Books <paramref name="quantity"/> seats with a fresh Idempotency-Key.</summary>
    public Task<ApiAnswer> BookAsync(Uri bookingUrl, string authorization, int quantity, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, bookingUrl, authorization, QuantityBodies[quantity], Guid.NewGuid().ToString("N"), ct);

    /// <summary>Books <paramref name="quantity"/> seats with the given Idempotency-Key (a retry sends the same key: the same booking).</summary>
    public Task<ApiAnswer> BookAsync(Uri bookingUrl, string authorization, int quantity, string idempotencyKey, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, bookingUrl, authorization, QuantityBodies[quantity], idempotencyKey, ct);

    /// <summary>Joins the event's waiting room (<c>POST /events/{id}/queue</c>).</summary>
    public Task<ApiAnswer> JoinQueueAsync(Guid eventId, string authorization, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Url($"api/v1/events/{eventId}/queue"), authorization, "{}"u8.ToArray(), null, ct);

    /// <summary>The caller's place in the waiting room (<c>GET /events/{id}/queue/me</c>).</summary>
    public Task<ApiAnswer> QueuePlaceAsync(Uri queueMeUrl, string authorization, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, queueMeUrl, authorization, null, null, ct);

    /// <summary>Holds <paramref name="quantity"/> seats for checkout with a fresh Idempotency-Key.</summary>
    public Task<ApiAnswer> HoldAsync(Guid eventId, string authorization, int quantity, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Url($"api/v1/events/{eventId}/holds"), authorization, QuantityBodies[quantity], Guid.NewGuid().ToString("N"), ct);

    /// <summary>Confirms a hold into a booking.</summary>
    public Task<ApiAnswer> ConfirmHoldAsync(Guid holdId, string authorization, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Url($"api/v1/holds/{holdId}/confirm"), authorization, null, null, ct);

    /// <summary>Gives a hold's seats back.</summary>
    public Task<ApiAnswer> ReleaseHoldAsync(Guid holdId, string authorization, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Url($"api/v1/holds/{holdId}"), authorization, null, null, ct);

    /// <summary>
    /// Sends one request and reads the answer; transport failures become an <see cref="ApiAnswer"/> too. With
    /// <paramref name="successBody"/> false a 2xx body is read and dropped (into a reused buffer), not kept: browsing
    /// does not pay for copying pages it never looks at. Error bodies are always kept (their <c>code</c> counts).
    /// </summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, Uri url, string? authorization, byte[]? body, string? idempotencyKey, CancellationToken ct, bool successBody = true)
    {
        using var request = new HttpRequestMessage(method, url);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Content = content;
        }

        try
        {
            // Headers first, then the body straight from the connection: no intermediate buffer of the whole answer.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var bytes = await ReadBodyAsync(response.Content, keep: successBody || status is < 200 or >= 300, ct);
            return new ApiAnswer(status, bytes, RetryAfter(response.Headers.RetryAfter), null, false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ApiAnswer(0, [], null, "timeout", true);
        }
        catch (HttpRequestException ex)
        {
            // A refused connection never reached the server; anything later might have.
            var ambiguous = ex.HttpRequestError != HttpRequestError.ConnectionError;
            return new ApiAnswer(0, [], null, $"http {ex.HttpRequestError}", ambiguous);
        }
        catch (IOException ex)
        {
            return new ApiAnswer(0, [], null, ex.GetType().Name, true);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContent content, bool keep, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        if (keep && content.Headers.ContentLength is { } length and > 0 and < 16 * 1024 * 1024)
        {
            var exact = new byte[length];
            await stream.ReadExactlyAsync(exact, ct);
            return exact;
        }

        if (keep)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            return copy.ToArray();
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await stream.ReadAsync(buffer, ct) > 0)
            {
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return [];
    }

    /// <summary>GETs <paramref name="relative"/> as text in the given media type (the attendees CSV); transport failures throw.</summary>
    public async Task<(int Status, string Text)> GetTextAsync(string relative, string authorization, string accept, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(relative));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await _http.SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public Task<ApiAnswer> PostJsonAsync(string relative, object payload, string? authorization, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Url(relative), authorization, JsonSerializer.SerializeToUtf8Bytes(payload, Json), null, ct);

    public Task<ApiAnswer> GetAsync(string relative, string? authorization, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Url(relative), authorization, null, null, ct);

    /// <summary>Logs in and returns the <c>Authorization</c> header value.</summary>
    public async Task<string> LoginAsync(string email, string password, CancellationToken ct)
    {
        var answer = await WithRetriesAsync(() => PostJsonAsync("api/v1/auth/login", new { email, password }, null, ct), ct);
        if (answer.Status != 200 || JsonScan.String(answer.Body, "accessToken") is not { Length: > 0 } token)
        {
            throw new LoadGeneratorException($"Login as {email} failed: {Describe(answer)}");
        }

        return "Bearer " + token;
    }

    /// <summary>Registers a user; an existing account (409 email_taken) is fine.</summary>
    public async Task RegisterAsync(string email, string name, string password, CancellationToken ct)
    {
        var answer = await WithRetriesAsync(() => PostJsonAsync("api/v1/auth/register", new { email, name, password }, null, ct), ct);
        if (answer.Status is 201 or 200 || (answer.Status == 409 && answer.Code == "email_taken"))
        {
            return;
        }

        throw new LoadGeneratorException($"Registering {email} failed: {Describe(answer)}");
    }

    /// <summary>Creates an event as the admin and returns its id.</summary>
    public async Task<Guid> CreateEventAsync(
        string adminAuthorization, string name, string venue, int capacity, decimal price, CancellationToken ct, double daysAhead = 30, int? holdMinutes = null)
    {
        var payload = new
        {
            name,
            description = "Created by the Evently load generator.",
            venue,
            eventDate = DateTime.UtcNow.AddDays(daysAhead).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            totalCapacity = capacity,
            price,
            holdMinutes,
        };
        // A 504 (outcome unknown) is retried too: the server mints the id, so a retry makes at most one spare set-up event
        // that nobody books, and the run goes on instead of failing before its clock starts.
        var answer = await WithRetriesAsync(() => PostJsonAsync("api/v1/events", payload, adminAuthorization, ct), ct, retryOutcomeUnknown: true);
        if (answer.Status != 201 || JsonScan.Guid(answer.Body, "id") is not { } id)
        {
            throw new LoadGeneratorException($"Creating event '{name}' failed: {Describe(answer)}");
        }

        _created?.Add(id);
        return id;
    }

    /// <summary>Creates an event with a waiting room whose sale opens at <paramref name="salesStartAt"/>; returns its id.</summary>
    public async Task<Guid> CreateSaleDayEventAsync(
        string adminAuthorization, string name, int capacity, DateTimeOffset salesStartAt, int admitPerMinute, int admissionMinutes, CancellationToken ct)
    {
        var payload = new
        {
            name,
            description = "Sale day created by the Evently load generator.",
            venue = "Load Test Arena",
            eventDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            totalCapacity = capacity,
            price = 49.90m,
            salesStartAt = salesStartAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            waitingRoom = new { admitPerMinute, admissionMinutes, opensMinutesBefore = 30 },
        };
        var answer = await WithRetriesAsync(() => PostJsonAsync("api/v1/events", payload, adminAuthorization, ct), ct);
        if (answer.Status != 201 || JsonScan.Guid(answer.Body, "id") is not { } id)
        {
            throw new LoadGeneratorException($"Creating event '{name}' failed: {Describe(answer)}");
        }

        _created?.Add(id);
        return id;
    }

    /// <summary>Retries a set-up call on 429, 503 and refused connections (not timed; before the clock starts).</summary>
    public static async Task<ApiAnswer> WithRetriesAsync(Func<Task<ApiAnswer>> call, CancellationToken ct, int attempts = 8, bool retryOutcomeUnknown = false)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var i = 1; ; i++)
        {
            var answer = await call();
            var retryable = answer.Status is 429 or 503 || (answer.IsTransportError && !answer.TransportAmbiguous)
                || (retryOutcomeUnknown && (answer.Status == 504 || answer.IsTransportError));
            if (!retryable || i >= attempts)
            {
                return answer;
            }

            await Task.Delay(answer.RetryAfter is { } ra && ra < TimeSpan.FromSeconds(5) ? ra : delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 3000));
        }
    }

    public static string Describe(ApiAnswer answer)
    {
        if (answer.IsTransportError)
        {
            return answer.TransportError!;
        }

        var body = answer.Body.Length == 0 ? "" : Encoding.UTF8.GetString(answer.Body, 0, Math.Min(answer.Body.Length, 400));
        return $"HTTP {answer.Status} {body}".TrimEnd();
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }
}
