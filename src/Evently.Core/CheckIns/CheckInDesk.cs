using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Bookings;
using Evently.Core.Machine;
using Evently.Core.Seating;
using Evently.Domain.Bookings;
using Evently.Domain.Events;

namespace Evently.Core.CheckIns;

/// <summary>
/// Checking bookings in at the door. The booking is read from the store by its reference (it need not be in memory),
/// and everything the read may have missed is re-checked in the turn it came back in: a cancellation committed or under
/// way here, a concurrent scan of the same booking that enlisted first. The first scan enlists a row in the batch and is
/// answered by the batch's fate; a scan that arrives while it is under way waits for it and is told the booking is
/// already checked in, so of many concurrent scans exactly one hears "checked in".
/// </summary>
/// <remarks>
/// Check-ins this activation enlisted are remembered for its life (at most one per booking of the event): a store read
/// that began before one committed may not show it, and a cancellation must see it, waiting for one under way (see
/// <see cref="BookingDesk.CancelAsync"/>: a checked-in booking is not refunded).
/// </remarks>
internal sealed class CheckInDesk(EventState state, SeatInventory seats, Cancellations cancellations, Func<Guid, Task<BookingAnswer>?> cancelling)
{
    /// <summary>How long before the event's start the doors open for check-in.</summary>
    public static readonly TimeSpan Opens = TimeSpan.FromHours(24);

    private readonly Dictionary<Guid, DateTimeOffset> _checkedIn = [];
    private readonly Dictionary<Guid, Task<CheckInAnswer>> _checkingIn = [];

    /// <summary>
    /// This activation's check-in of the booking: the one under way (answered once its batch's fate is known) or the one
    /// committed; null when it checked in none.
    /// </summary>
    public Task<CheckInAnswer>? CheckInOf(Guid bookingId) =>
        _checkingIn.TryGetValue(bookingId, out var underWay) ? underWay
        : _checkedIn.TryGetValue(bookingId, out var at) ? Task.FromResult(new CheckInAnswer(CheckInOutcome.AlreadyCheckedIn, null, at))
        : null;

    /// <summary>Checks in the confirmed booking of this event with reference <paramref name="bookingRef"/>, once.</summary>
    public async Task<CheckInAnswer> CheckInAsync(string bookingRef)
    {
        if (!state.Exists)
        {
            return CheckInAnswer.Of(CheckInOutcome.EventNotFound);
        }

        if (state.IsBroken)
        {
            return CheckInAnswer.Of(CheckInOutcome.Unavailable);
        }

        if (await WindowAsync() is { } closed)
        {
            return closed;
        }

        Booking? stored;
        var from = state.Settled.Begin();
        try
        {
            stored = await state.Store.FindBookingByRefAsync(state.Id, bookingRef);
        }
        finally
        {
            // Memory is checked below in this turn: a cancellation committed after the read began is still there.
            state.Settled.End(from);
        }

        // The read is a snapshot: whatever happened while it was under way is re-checked against memory now.
        if (state.IsBroken)
        {
            return CheckInAnswer.Of(CheckInOutcome.Unavailable);
        }

        if (stored is null || stored.EventId != state.Id)
        {
            return CheckInAnswer.Of(CheckInOutcome.BookingNotFound);
        }

        if (_checkingIn.TryGetValue(stored.Id, out var first))
        {
            return Again(await first);
        }

        if (cancelling(stored.Id) is { } cancel)
        {
            // Decided first: the booking is gone once that cancellation is durable, and only then is this scan told so.
            return (await cancel).Outcome switch
            {
                BookingOutcome.Cancelled => CheckInAnswer.Of(CheckInOutcome.BookingNotFound),
                BookingOutcome.OutcomeUnknown => CheckInAnswer.Of(CheckInOutcome.OutcomeUnknown),
                _ => CheckInAnswer.Of(CheckInOutcome.Unavailable),
            };
        }

        if (state.Live.Status == EventStatus.Cancelled)
        {
            // The event's cancellation was decided (perhaps not yet durable): every booking goes with it.
            return await cancellations.EventCancellationFateAsync() switch
            {
                CommitFate.Committed => CheckInAnswer.Of(CheckInOutcome.BookingNotFound),
                CommitFate.Unknown => CheckInAnswer.Of(CheckInOutcome.OutcomeUnknown),
                _ => CheckInAnswer.Of(CheckInOutcome.Unavailable),
            };
        }

        var booking = cancellations.AsItStands(stored);
        if (booking.Status != BookingStatus.Confirmed)
        {
            return CheckInAnswer.Of(CheckInOutcome.BookingNotFound);
        }

        if ((_checkedIn.TryGetValue(booking.Id, out var here) ? here : booking.CheckedInAt) is { } at)
        {
            return Answer(CheckInOutcome.AlreadyCheckedIn, booking, at);
        }

        // The event's date may have moved while the read was under way. A move not yet known durable is waited for and
        // the scan decided again from the start: enlisted now, the check-in would commit after it, by a date not checked.
        if (!DateSettled)
        {
            return await CheckInAsync(bookingRef);
        }

        if (!IsOpen())
        {
            return CheckInAnswer.Of(CheckInOutcome.NotOpen);
        }

        // To the microsecond, as the store keeps it: a scan answered from memory and one answered after a reload agree.
        var now = state.Now;
        now = now.AddTicks(-(now.Ticks % 10));
        _checkedIn[booking.Id] = now;
        state.Filling.CheckIns.Add(new CheckInWrite(booking.Id, now));
        var task = FinishAsync(booking, now);
        if (!task.IsCompleted)
        {
            _checkingIn[booking.Id] = task;
        }

        return await task;
    }

    /// <summary>
    /// Null when the doors are open, else the refusal. Decided by the date as committed, once no edit of it decided here
    /// is still under way: such an edit may already be in the store while this activation has not heard so (its batch is
    /// durable, its answer not yet run), and a refusal by the older date would then not be true of what the store holds.
    /// </summary>
    private async Task<CheckInAnswer?> WindowAsync()
    {
        while (!DateSettled)
        {
            if (await state.SettledFate() != CommitFate.Committed || state.IsBroken)
            {
                // The edit's batch failed (or its fate is unknown): the activation is reloaded from the store, which tells.
                return CheckInAnswer.Of(CheckInOutcome.Unavailable);
            }
        }

        return IsOpen() ? null : CheckInAnswer.Of(CheckInOutcome.NotOpen);
    }

    /// <summary>True when the date decided in memory is the date committed (or nothing is under way that could change it).</summary>
    private bool DateSettled => state.Committed is not { } committed || committed.EventDate == state.Live.EventDate || state.Pending == 0;

    /// <summary>By the event's date as committed: a refusal is then true of what the store holds when it is told.</summary>
    private bool IsOpen() => state.Committed is { } committed && state.Now >= committed.EventDate - Opens;

    private async Task<CheckInAnswer> FinishAsync(Booking booking, DateTimeOffset at)
    {
        CommitFate fate;
        try
        {
            fate = await state.Enlist();
        }
        finally
        {
            _checkingIn.Remove(booking.Id);
        }

        if (fate == CommitFate.Committed)
        {
            return Answer(CheckInOutcome.CheckedIn, booking, at);
        }

        // Not durable (or not known to be): this activation is broken and will be reloaded from the store, which tells.
        _checkedIn.Remove(booking.Id);
        return CheckInAnswer.Of(fate == CommitFate.Unknown ? CheckInOutcome.OutcomeUnknown : CheckInOutcome.Unavailable);
    }

    /// <summary>A scan that waited for a concurrent one: that one was the check-in; this one is told it happened.</summary>
    private static CheckInAnswer Again(CheckInAnswer first) =>
        first.Outcome == CheckInOutcome.CheckedIn ? first with { Outcome = CheckInOutcome.AlreadyCheckedIn } : first;

    private CheckInAnswer Answer(CheckInOutcome outcome, Booking booking, DateTimeOffset at) =>
        new(outcome, booking with { CheckedInAt = at }, at, seats.IdsOf(booking.Id));
}
