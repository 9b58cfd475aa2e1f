using Evently.LoadGenerator.Reporting;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>The shared stop flags of one sale, and how many clients are in the middle of a checkout.</summary>
internal sealed class SaleState(long maxErrors)
{
    private volatile bool _soldOut;
    private volatile string? _abortReason;
    private int _inFlight;

    public bool SoldOut => _soldOut;

    public bool Stopped => _soldOut || _abortReason is not null;

    public string? AbortReason => _abortReason;

    /// <summary>Clients between a hold request and the end of its checkout (they may still take or give back seats).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void MarkSoldOut() => _soldOut = true;

    public void CheckoutStarted() => Interlocked.Increment(ref _inFlight);

    public void CheckoutEnded() => Interlocked.Decrement(ref _inFlight);

    public void CountError(RunRecorder recorder)
    {
        if (recorder.Errors >= maxErrors && _abortReason is null)
        {
            _abortReason = $"stopped after {recorder.Errors} errors";
        }
    }
}
