using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Bookings;
using Evently.Core.Machine;
using Evently.Domain.Holds;

namespace Evently.Core.Holds;

/// <summary>
/// Finds a hold as it stands for a decision: memory first (the <see cref="HoldBook"/> has every active hold and those
/// settled lately), else the store, whose answer is checked against memory as it is once the read is back. A hold only
/// the store knows as active means this activation is behind: it fails, and a fresh one will load the hold.
/// </summary>
internal sealed class HoldLookup(EventState state, HoldBook holds, Cancellations cancellations)
{
    /// <summary>The answer about a hold memory has already resolved, once that resolution's batch has settled.</summary>
    public async Task<HoldAnswer> SettledAsync(Hold hold)
    {
        var fate = await state.SettledFate();
        if (fate != CommitFate.Committed)
        {
            return HoldAnswer.Of(fate == CommitFate.Unknown ? HoldOutcome.OutcomeUnknown : HoldOutcome.Unavailable);
        }

        if (hold.Status != HoldStatus.Confirmed)
        {
            return new HoldAnswer(HoldOutcome.HoldExpired, hold);
        }

        var booking = holds.BookingOf(hold.Id);
        if (booking is null)
        {
            try
            {
                booking = await cancellations.StoredBookingAsync(hold.BookingId!.Value);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return HoldAnswer.Of(HoldOutcome.Unavailable);
            }

            if (booking is null || state.IsBroken)
            {
                return HoldAnswer.Of(HoldOutcome.Unavailable);
            }

            // Kept only with its hold: one memory has let go of is read again when asked for.
            holds.RememberBooking(hold.Id, booking);
        }

        return new HoldAnswer(HoldOutcome.AlreadyConfirmed, hold, cancellations.AsItStands(booking), state.Committed!.Seats.AvailableSeats);
    }

    /// <summary>
    /// The hold as memory has decided it. One this instance never saw is read from the store; whatever the read returns is
    /// checked against memory as it is after the read (a request may have decided about the hold meanwhile).
    /// </summary>
    public async Task<(Hold? Hold, HoldOutcome? Failure)> FindAsync(Guid holdId)
    {
        if (holds.TryGet(holdId, out var known))
        {
            return (known, null);
        }

        Hold? stored;
        var from = state.Settled.Begin();
        try
        {
            stored = await state.Store.FindHoldAsync(holdId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, HoldOutcome.Unavailable);
        }
        finally
        {
            // Memory is checked below in this turn: a hold settled after the read began is still there.
            state.Settled.End(from);
        }

        if (state.IsBroken)
        {
            return (null, HoldOutcome.Unavailable);
        }

        if (holds.TryGet(holdId, out known))
        {
            return (known, null);
        }

        if (stored is null || stored.EventId != state.Id)
        {
            return (null, null);
        }

        if (stored.IsActive)
        {
            // Every active hold is in memory from activation on: one only the store knows was written by another
            // activation, so this one is behind. A fresh one will load it.
            state.Fail(new InvalidOperationException($"Hold {holdId} is active in the store but unknown to this activation of event {state.Id}."));
            return (null, HoldOutcome.Unavailable);
        }

        // Resolved before this instance loaded, or long enough ago to have left memory: final, and committed. Not kept:
        // memory stays bounded, and the store answers again.
        return (stored, null);
    }
}
