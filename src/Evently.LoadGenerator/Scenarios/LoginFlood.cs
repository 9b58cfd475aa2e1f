using System.Globalization;
using System.Net.Http.Json;
using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// Background abuse during a measured run: <c>workers</c> loops each signing in with a made-up email (a password hash per
/// try) as fast as the server answers, each request claiming its own client address through <c>X-Forwarded-For</c>
/// (believed from loopback, as from a local proxy): a botnet, so that per-address limits do not hide the hashing cost.
/// </summary>
internal sealed class LoginFlood : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly int _workers;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, long> _byStatus = [];
    private readonly Lock _gate = new();
    private Task[] _running = [];
    private long _errors;
    private DateTime _startedUtc;

    public LoginFlood(Uri baseUrl, int workers, TimeSpan timeout)
    {
        _workers = workers;
        _http = HttpClientFactory.Create(baseUrl, workers, timeout);
    }

    /// <summary>Starts the loops (once).</summary>
    public void Start()
    {
        if (_running.Length > 0)
        {
            return;
        }

        _startedUtc = DateTime.UtcNow;
        _running = Enumerable.Range(0, _workers).Select(i => Task.Run(() => LoopAsync(i))).ToArray();
    }

    /// <summary>Stops the loops; one line saying what the server answered.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        var seconds = Math.Max(0.001, (DateTime.UtcNow - _startedUtc).TotalSeconds);
        lock (_gate)
        {
            var total = _byStatus.Values.Sum() + _errors;
            var statuses = string.Join(", ", _byStatus.OrderBy(s => s.Key).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}: {s.Value:N0}")));
            return string.Create(CultureInfo.InvariantCulture,
                $"login flood: {_workers} workers, {total:N0} logins in {seconds:N0} s ({total / seconds:N0}/s); {statuses}; transport errors {_errors:N0}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(int worker)
    {
        var random = new Random(worker);
        while (!_stop.IsCancellationRequested)
        {
            var address = string.Create(CultureInfo.InvariantCulture, $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}");
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/auth/login")
            {
                Content = JsonContent.Create(new { email = $"flood-{Guid.NewGuid():N}@example.com", password = $"Guess-{Guid.NewGuid():N}" }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            try
            {
                using var response = await _http.SendAsync(request, _stop.Token);
                lock (_gate)
                {
                    _byStatus[(int)response.StatusCode] = _byStatus.GetValueOrDefault((int)response.StatusCode) + 1;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}
