using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The shared stop flags of one sale of <paramref name="clients"/> clients, and where clients that found nothing free
/// wait for seats to come back (a checkout sale's abandoned or expired holds).
/// </summary>
internal sealed class SaleState(long maxErrors, int clients)
{
    private readonly Lock _gate = new();
    private volatile bool _soldOut;
    private volatile string? _abortReason;
    private int _waiting;
    private TaskCompletionSource _seatsBack = NewSignal();

    public bool SoldOut => _soldOut;

    public bool Stopped => _soldOut || _abortReason is not null;

    public string? AbortReason => _abortReason;

    public void MarkSoldOut() => _soldOut = true;

    /// <summary>
    /// Called by a client whose request found no seat free and who holds none. The sale is sold out when every client
    /// is here at once: then nobody is between a hold and its checkout, so no seat can come back from this run (seats
    /// of holds whose creation answer was lost come back only when they expire; the report counts them). Otherwise
    /// waits until a client gives seats back, or <paramref name="recheck"/> passes, and the client asks again.
    /// </summary>
    public async Task WaitForSeatsAsync(TimeSpan recheck, CancellationToken ct)
    {
        Task seatsBack;
        lock (_gate)
        {
            if (++_waiting >= clients)
            {
                _soldOut = true;
                _waiting--;
                _seatsBack.TrySetResult();
                return;
            }

            seatsBack = _seatsBack.Task;
        }

        try
        {
            await seatsBack.WaitAsync(recheck, ct);
        }
        catch (TimeoutException)
        {
            // Ask again: seats of a hold that expired on its own come back without a signal.
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run's deadline: the client loop ends.
        }
        finally
        {
            lock (_gate)
            {
                _waiting--;
            }
        }
    }

    /// <summary>A client gave seats back (released a hold, or found its hold expired): wakes every waiting client.</summary>
    public void SeatsReturned()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            woken = _seatsBack;
            _seatsBack = NewSignal();
        }

        woken.TrySetResult();
    }

    public void CountError(RunRecorder recorder)
    {
        if (recorder.Errors >= maxErrors && _abortReason is null)
        {
            _abortReason = $"stopped after {recorder.Errors} errors";
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
