using System.Collections.Concurrent;
using System.Net;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>Clients booking one seat at a time on one event until stopped, recording every 201 and every status.</summary>
public sealed class SaleDriver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sale;

    private SaleDriver(IReadOnlyList<HttpClient> clients, Guid eventId)
    {
        _sale = Task.WhenAll(clients.Select(async client =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var response = await client.BookAsync(eventId, 1, Guid.NewGuid().ToString("N"));
                Statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Acknowledged.Add((await response.JsonAsync()).GetProperty("id").GetGuid());
                }
            }
        }));
    }

    /// <summary>Ids of the bookings answered 201.</summary>
    public ConcurrentBag<Guid> Acknowledged { get; } = [];

    /// <summary>How often each status was answered.</summary>
    public ConcurrentDictionary<HttpStatusCode, int> Statuses { get; } = new();

    /// <summary>Starts the sale with one client per user token.</summary>
    public static SaleDriver Start(IReadOnlyList<HttpClient> clients, Guid eventId) => new(clients, eventId);

    /// <summary>Stops the clients and waits for their last answers.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sale;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
