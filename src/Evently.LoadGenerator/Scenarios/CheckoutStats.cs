namespace Evently.LoadGenerator.Scenarios;

/// <summary>What the checkout flow of a flash sale did: holds made, confirmed, abandoned, found expired.</summary>
public sealed class CheckoutStats
{
    private long _holdAttempts;
    private long _holds;
    private long _confirms;
    private long _confirmed;
    private long _released;
    private long _expired;

    public long HoldAttempts => Interlocked.Read(ref _holdAttempts);

    public long Holds => Interlocked.Read(ref _holds);

    public long ConfirmAttempts => Interlocked.Read(ref _confirms);

    public long Confirmed => Interlocked.Read(ref _confirmed);

    public long Released => Interlocked.Read(ref _released);

    /// <summary>Confirms answered <c>409 hold_expired</c>: the buyer thought longer than the hold lasted.</summary>
    public long ExpiredAtConfirm => Interlocked.Read(ref _expired);

    /// <summary>Confirmed holds / holds made.</summary>
    public double Conversion => Holds == 0 ? 0 : (double)Confirmed / Holds;

    /// <summary>Seconds the run lasted (set at the end).</summary>
    public double Seconds { get; set; }

    public double HoldsPerSecond => Seconds > 0 ? Holds / Seconds : 0;

    public double ConfirmsPerSecond => Seconds > 0 ? Confirmed / Seconds : 0;

    internal void HoldAttempt() => Interlocked.Increment(ref _holdAttempts);

    internal void Held() => Interlocked.Increment(ref _holds);

    internal void ConfirmAttempt() => Interlocked.Increment(ref _confirms);

    internal void ConfirmedOne() => Interlocked.Increment(ref _confirmed);

    internal void ReleasedOne() => Interlocked.Increment(ref _released);

    internal void ExpiredOne() => Interlocked.Increment(ref _expired);
}
