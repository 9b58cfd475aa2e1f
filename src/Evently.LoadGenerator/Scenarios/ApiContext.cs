using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>The HTTP client of a run (the caller's, or one created here and disposed with this).</summary>
internal sealed class ApiContext : IDisposable
{
    private readonly HttpClient? _owned;

    private ApiContext(HttpClient http, HttpClient? owned, Uri baseUrl, CreatedEvents created)
    {
        _owned = owned;
        Api = new EventlyApi(http, baseUrl, created);
    }

    public EventlyApi Api { get; }

    public static ApiContext Create(EventlyTarget target, int maxConnections)
    {
        if (target.HttpClient is { } given)
        {
            return new ApiContext(given, null, given.BaseAddress ?? target.BaseUrl, target.CreatedEvents);
        }

        var created = HttpClientFactory.Create(target.BaseUrl, maxConnections, target.RequestTimeout);
        return new ApiContext(created, created, target.BaseUrl, target.CreatedEvents);
    }

    public void Dispose() => _owned?.Dispose();
}
