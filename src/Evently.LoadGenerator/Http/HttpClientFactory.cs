using System.Net;

namespace Evently.LoadGenerator.Http;

/// <summary>Creates the one shared HTTP client of a run.</summary>
public static class HttpClientFactory
{
    /// <summary>A <see cref="SocketsHttpHandler"/> client allowing <paramref name="maxConnections"/> connections to the server.</summary>
    public static HttpClient Create(Uri baseUrl, int maxConnections, TimeSpan timeout)
    {
#pragma warning disable CA2000 // the client below owns the handler (disposeHandler: true)
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnections),
            PooledConnectionLifetime = TimeSpan.FromHours(1),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
#pragma warning restore CA2000
        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseUrl,
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        // No default request headers at all: with any set, HttpClient copies them into every request. Their defaults
        // already give keep-alive connections and no "Expect: 100-continue".
        return client;
    }
}
