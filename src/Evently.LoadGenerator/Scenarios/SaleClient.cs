using System.Diagnostics;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>One client of a closed-model sale: its own random numbers and user, and the ways it counts answers.</summary>
internal sealed class SaleClient(int index, UserSession session, FlashSaleOptions options, RunRecorder recorder, SaleState state)
{
    public Random Random { get; } = new(options.Seed + index);

    public string Authorization { get; } = session.UserAuthorizations[index % session.UserAuthorizations.Count];

    public RunRecorder Recorder => recorder;

    /// <summary>The most seats this client asks for: the options' largest quantity, fewer once fewer are left.</summary>
    public int Limit { get; set; } = options.MaxQuantity;

    /// <summary>Seated sales: asks for runs of seats together until no such run is left.</summary>
    public bool Together { get; set; } = true;

    public SaleState State => state;

    /// <summary>
    /// Sends one booking attempt, counted and timed; null when it failed (counted as an ambiguous error) or the sale's
    /// deadline passed. The request itself is never cancelled mid-flight: it could still commit without the client knowing.
    /// </summary>
    public async Task<ApiAnswer?> AttemptAsync(Func<Task<ApiAnswer>> send, CancellationToken ct)
    {
        recorder.Attempt();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await send();
            recorder.Latency.RecordSince(started);
            return answer;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // a client loop must survive any failure and count it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            recorder.Latency.RecordSince(started);
            Fail(ex.GetType().Name, ambiguous: true);
            return null;
        }
    }

    /// <summary>Counts an error (and stops the sale once there are too many).</summary>
    public void Fail(string kind, bool ambiguous)
    {
        recorder.Error(kind, ambiguous);
        state.CountError(recorder);
    }

    /// <summary>Counts a <c>409 sold_out</c>; stops the sale when no seat is left, else returns how many are.</summary>
    public long? SoldOut(ApiAnswer answer)
    {
        recorder.SoldOutAnswer();
        var available = JsonScan.Int64(answer.Body, "availableSeats") ?? 0;
        if (available <= 0)
        {
            state.MarkSoldOut();
            return null;
        }

        return available;
    }

    /// <summary>Counts a 429 and waits lightly before the next attempt.</summary>
    public Task RateLimitedAsync(ApiAnswer answer, CancellationToken ct)
    {
        recorder.RateLimitedAnswer();
        return PauseAsync(Backoff.After429(answer.RetryAfter, Random), ct);
    }

    /// <summary>Waits, or less when the sale's deadline comes first.</summary>
    public static async Task PauseAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
