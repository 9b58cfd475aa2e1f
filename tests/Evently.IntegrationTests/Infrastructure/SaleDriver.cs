using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// Clients booking one seat at a time on one event until stopped, every request bounded by its client's timeout, every
/// answer recorded with when it was asked and answered, so a test can judge the answers of a fault's window.
/// </summary>
public sealed class SaleDriver : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sale;

    private SaleDriver(IReadOnlyList<HttpClient> clients, Guid eventId) =>
        _sale = Task.WhenAll(clients.Select(client => Task.Run(() => BuyAsync(client, eventId))));

    /// <summary>One answer: when the request left and came back (since the sale began), its status (0: none in time) and booking.</summary>
    public sealed record Answer(TimeSpan Asked, TimeSpan Answered, int Status, Guid? BookingId);

    /// <summary>Every answer so far.</summary>
    public ConcurrentQueue<Answer> Answers { get; } = new();

    /// <summary>Time since the sale began.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Ids of the bookings answered 201 so far.</summary>
    public IReadOnlyList<Guid> Acknowledged => Answers.Where(a => a.BookingId is not null).Select(a => a.BookingId!.Value).ToList();

    /// <summary>How often each status was answered so far (0: no answer within the client's timeout).</summary>
    public IReadOnlyDictionary<HttpStatusCode, int> Statuses => Answers.GroupBy(a => (HttpStatusCode)a.Status).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Starts one buyer per client; give the clients the timeout the test bounds requests by.</summary>
    public static SaleDriver Start(IReadOnlyList<HttpClient> clients, Guid eventId) => new(clients, eventId);

    /// <summary>Answers to requests asked at or after <paramref name="from"/> and answered before <paramref name="to"/>.</summary>
    public IReadOnlyList<Answer> Within(TimeSpan from, TimeSpan to) => Answers.Where(a => a.Asked >= from && a.Answered < to).ToList();

    /// <summary>Stops the buyers and waits for their last answers.</summary>
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

    private async Task BuyAsync(HttpClient client, Guid eventId)
    {
        while (!_stop.IsCancellationRequested)
        {
            var asked = _clock.Elapsed;
            try
            {
                using var response = await client.BookAsync(eventId, 1, Guid.NewGuid().ToString("N"));
                var id = response.StatusCode == HttpStatusCode.Created ? (await response.JsonAsync()).GetProperty("id").GetGuid() : (Guid?)null;
                Answers.Enqueue(new Answer(asked, _clock.Elapsed, (int)response.StatusCode, id));
            }
            catch (TaskCanceledException)
            {
                Answers.Enqueue(new Answer(asked, _clock.Elapsed, 0, null));
            }
        }
    }
}
