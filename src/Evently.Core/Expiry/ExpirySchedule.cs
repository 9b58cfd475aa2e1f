using Evently.Core.Batches;
using Evently.Core.Holds;
using Evently.Core.Machine;
using Evently.Core.Ports;

namespace Evently.Core.Expiry;

/// <summary>
/// When promotions and checkout holds must be expired: the earliest deadline committed, in the batch being committed,
/// or decided since. Parts call <see cref="Want"/> in the turn that changed a deadline; the <see cref="ExpiryKeeper"/>
/// keeps the timer and the durable reminder in step, and a batch holding deadlines commits only once its reminder is
/// registered (<see cref="EnsureAsync"/>).
/// </summary>
internal sealed class ExpirySchedule
{
    private readonly ExpiryKeeper _keeper;
    private readonly HoldBook _holds;
    private readonly Func<DateTimeOffset?> _promotions;
    private DateTimeOffset? _committedNext;
    private DateTimeOffset? _inFlightNext;

    /// <param name="state">The event's state: the keeper proves the activation current through it.</param>
    /// <param name="port">The timer and reminder.</param>
    /// <param name="holds">The checkout holds, whose deadlines count.</param>
    /// <param name="promotions">The earliest promotion deadline decided on the waitlist.</param>
    public ExpirySchedule(EventState state, IExpiryPort port, HoldBook holds, Func<DateTimeOffset?> promotions)
    {
        _holds = holds;
        _promotions = promotions;
        _keeper = new ExpiryKeeper(state.Id, port, state.Time, state.Observer, state.ConfirmCurrentAsync);
    }

    /// <summary>True while a failed reminder change waits for its retry.</summary>
    public bool Failing => _keeper.Failing;

    /// <summary>The earliest deadline of any promotion or checkout hold decided in memory.</summary>
    public DateTimeOffset? NextDeadline => Earliest(_promotions(), _holds.NextDeadline);

    /// <summary>The earliest deadline any promotion or hold has: committed, in the batch being committed, or decided since.</summary>
    private DateTimeOffset? Wanted => Earliest(Earliest(_committedNext, _inFlightNext), NextDeadline);

    /// <summary>Asks the keeper for the deadline as it now stands.</summary>
    public void Want() => _keeper.Want(Wanted);

    /// <summary>The event was loaded: what memory holds is committed.</summary>
    public void Loaded() => _committedNext = NextDeadline;

    /// <summary>
    /// A batch leaves: the deadline it leaves behind (only a batch that changed the waitlist or holds pays for working
    /// it out; the booking hot path usually does not).
    /// </summary>
    public void Sealed(EventBatch batch, bool waitlistChanged)
    {
        batch.NextExpiryAfter = waitlistChanged || batch.Holds.Count > 0 ? NextDeadline : _committedNext;
        _inFlightNext = batch.NextExpiryAfter;
    }

    /// <summary>A batch that holds promotions or holds commits only once the reminder that expires them is registered.</summary>
    public Task EnsureAsync(EventBatch batch)
    {
        if (batch.NextExpiryAfter is not { } deadline)
        {
            return Task.CompletedTask;
        }

        Want();
        return _keeper.EnsureAsync(deadline);
    }

    /// <summary>A batch is durable: its deadline is the committed one.</summary>
    public void Committed(EventBatch batch)
    {
        _committedNext = batch.NextExpiryAfter;
        _inFlightNext = null;
    }

    /// <summary>A batch failed (see <see cref="ExpiryKeeper.Restore"/>).</summary>
    public void Restore() => _keeper.Restore();

    /// <summary>Tries again a failed reminder change (see <see cref="ExpiryKeeper.Retry"/>).</summary>
    public void Retry() => _keeper.Retry();

    /// <summary>The durable reminder ticked.</summary>
    public void Ticked() => _keeper.Ticked();

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
