using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Expiry;
using Evently.Core.Machine;
using Evently.Core.Sales;
using Evently.Core.Seating;
using Evently.Core.Taking;
using Evently.Core.Waitlists;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;

namespace Evently.Core.Bookings;

/// <summary>
/// Booking and cancelling seats. A booking is taken through the <see cref="SeatTaker"/> (see <see cref="Taking"/>); a
/// booking made out of the user's waitlist promotion claims it. A cancellation returns the seats, waitlist first, and
/// is idempotent: one under way is shared, one committed is remembered by <see cref="Cancellations"/>.
/// </summary>
internal sealed class BookingDesk
{
    private readonly EventState _state;
    private readonly SeatInventory _seats;
    private readonly SaleRules _saleRules;
    private readonly WaitlistLine _line;
    private readonly DueExpiry _due;
    private readonly ExpirySchedule _schedule;
    private readonly Cancellations _cancellations;
    private readonly KeyMemory<Booking, BookingAnswer> _keys;
    private readonly Dictionary<Guid, Task<BookingAnswer>> _cancelling = [];
    private readonly Func<Guid, Task<CheckInAnswer>?> _checkInOf;

    public BookingDesk(
        EventState state, SeatInventory seats, SaleRules saleRules, WaitlistLine line, DueExpiry due, ExpirySchedule schedule,
        Cancellations cancellations, Func<Guid, Task<CheckInAnswer>?> checkInOf)
    {
        _checkInOf = checkInOf;
        _state = state;
        _seats = seats;
        _saleRules = saleRules;
        _line = line;
        _due = due;
        _schedule = schedule;
        _cancellations = cancellations;
        _keys = new KeyMemory<Booking, BookingAnswer>(keys => state.Store.FindKeyedBookingsAsync(state.Id, keys), b => (b.UserId, b.IdempotencyKey!),
            state.Time, state.Options, () => state.Version);
        Taking = new BookingTaking(this, _keys, cancellations, seats, state);
    }

    /// <summary>Taking seats for a booking.</summary>
    public BookingTaking Taking { get; }

    /// <summary>The cancellation of this booking decided and not yet answered, or null.</summary>
    public Task<BookingAnswer>? Cancelling(Guid bookingId) => _cancelling.GetValueOrDefault(bookingId);

    /// <summary>Idempotency keys of bookings held in memory.</summary>
    public int RememberedKeys => _keys.Count;

    /// <summary>Booking requests waiting for a key lookup.</summary>
    public int KeyLookups => _keys.LookingUp;

    /// <summary>The committed version the oldest key lookup under way began at, or null.</summary>
    public long? OldestLookup => _keys.OldestLookup;

    /// <summary>
    /// The user's waitlist promotion, which a booking claims (using its seats first, giving up the rest). One whose window
    /// has passed is expired first, even if the timer has not run yet: its seats are no longer the user's.
    /// </summary>
    public Promotion? ClaimablePromotion(Guid userId, DateTimeOffset now)
    {
        if (_line.Find(userId) is { Status: WaitlistStatus.Promoted, Promotion: { } held } && held.ExpiresAt <= now)
        {
            // The expiry commits whatever this booking's fate, so it enlists on its own.
            _due.ExpireDue(now);
            _ = _state.Enlist();
            _schedule.Want();
        }

        return _line.Find(userId) is { Status: WaitlistStatus.Promoted, Promotion: { } promotion } ? promotion : null;
    }

    /// <summary>Books the seats in this turn (a holder's out of its promotion first) and enlists the booking; null when too few are free.</summary>
    public Task<BookingAnswer>? Book(Guid userId, int quantity, int[]? chosen, Promotion? promotion, KeyedAsk? keyed, DateTimeOffset now)
    {
        var bookingId = _state.Ids.NewId(now);
        var live = _state.Live;
        var ledger = live.Seats;
        var claim = promotion is not null ? _line.BookHeld(userId, quantity, bookingId, ref ledger) : null;
        if (claim is null && !live.Seats.TryTake(quantity, out ledger))
        {
            return null;
        }

        // Charged at the price in force when accepted; a demand step this booking triggers applies to the next one.
        var (unitPrice, total) = _seats.PriceOf(chosen, quantity, live.Price, live.BasePrice);
        var booking = new Booking(bookingId, _state.Ids.NewBookingRef(), _state.Id, userId, quantity, unitPrice,
            total, BookingStatus.Confirmed, now, null, keyed?.Key, keyed?.Asked.Text);
        if (chosen is not null)
        {
            if (claim is not null)
            {
                _seats.Free(promotion!.Id, held: true, _state.Filling);
            }

            _seats.Take(bookingId, chosen, held: false, _state.Filling);
        }

        _state.ApplySeats(ledger);
        if (claim is not null)
        {
            // Held seats the holder did not use go to the next in line.
            _state.Filling.WaitlistChanges.Add(claim);
            _line.PromoteWaiting(now);
        }

        _state.Filling.Bookings.Add(booking);
        _saleRules.CountSeats(userId, quantity);
        var answer = ConfirmAsync(booking, chosen is null ? null : _seats.Ids(chosen));
        if (claim is not null)
        {
            _schedule.Want();
        }

        return answer;
    }

    /// <summary>Cancels a booking of this event (the owner's, or any for an admin) and returns its seats, waitlist first. Idempotent.</summary>
    public async Task<BookingAnswer> CancelAsync(Guid bookingId, Guid callerId, bool callerIsAdmin)
    {
        if (!_state.Exists)
        {
            return BookingAnswer.Of(BookingOutcome.BookingNotFound);
        }

        if (_state.IsBroken)
        {
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        if (KnownCancellation(bookingId, callerId, callerIsAdmin) is { } known)
        {
            return await known;
        }

        Booking? stored;
        var from = _state.Settled.Begin();
        try
        {
            stored = await _state.Store.FindBookingAsync(bookingId);
        }
        finally
        {
            // Memory is checked below in this turn: a cancellation committed after the read began is still there.
            _state.Settled.End(from);
        }

        // The read is a snapshot: whatever happened while it was under way is re-checked against memory now.
        if (_state.IsBroken)
        {
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        if (stored is null || stored.EventId != _state.Id || (!callerIsAdmin && stored.UserId != callerId))
        {
            return BookingAnswer.Of(BookingOutcome.BookingNotFound);
        }

        if (KnownCancellation(bookingId, callerId, callerIsAdmin) is { } settled)
        {
            return await settled;
        }

        if (stored.Status == BookingStatus.Cancelled)
        {
            return new BookingAnswer(BookingOutcome.Cancelled, stored, _state.Committed!.Seats.AvailableSeats);
        }

        // A box office refunds no ticket after entry (see docs/api.md): a checked-in booking stays confirmed.
        if (stored.CheckedInAt is not null)
        {
            return new BookingAnswer(BookingOutcome.AlreadyCheckedIn, stored, _state.Committed!.Seats.AvailableSeats);
        }

        if (_checkInOf(stored.Id) is { } checkIn)
        {
            // Decided first (here, since the read may have missed it): this cancellation is refused once it is durable.
            var scanned = await checkIn;
            return scanned.Outcome switch
            {
                CheckInOutcome.CheckedIn or CheckInOutcome.AlreadyCheckedIn => new BookingAnswer(
                    BookingOutcome.AlreadyCheckedIn, stored with { CheckedInAt = scanned.CheckedInAt }, _state.Committed!.Seats.AvailableSeats),
                CheckInOutcome.OutcomeUnknown => BookingAnswer.Of(BookingOutcome.OutcomeUnknown),
                _ => BookingAnswer.Of(BookingOutcome.Unavailable),
            };
        }

        var live = _state.Live;
        if (live.Status == EventStatus.Cancelled)
        {
            return ToAnswer(await _cancellations.EventCancellationFateAsync(), stored.CancelledOn(_cancellations.EventCancelledAt));
        }

        if (stored.Quantity > live.Seats.SoldSeats)
        {
            // Memory and store disagree: never release seats that are not sold. A fresh instance will reload.
            _state.Fail(new InvalidOperationException($"Booking {bookingId} holds more seats than event {_state.Id} has sold."));
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        if (_seats.LacksSeats(stored.Id, stored.Quantity))
        {
            _state.Fail(new InvalidOperationException($"Booking {bookingId} of seated event {_state.Id} does not hold its seats in memory."));
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        _seats.Free(stored.Id, held: false, _state.Filling);
        var now = _state.Now;
        var cancelled = stored.CancelledOn(now);
        _state.ApplySeats(live.Seats.Release(stored.Quantity));
        _line.PromoteWaiting(now);
        _line.NotifyUser(stored.UserId, "booking_cancelled", new
        {
            eventId = _state.Id,
            eventName = _state.Live.Name,
            bookingId = stored.Id,
            bookingRef = stored.BookingRef,
            quantity = stored.Quantity,
        });
        _state.Filling.Cancellations.Add(cancelled);
        _saleRules.CountSeats(stored.UserId, -stored.Quantity);
        var task = FinishCancelAsync(cancelled);
        _cancelling[bookingId] = task;
        _schedule.Want();
        return await task;
    }

    /// <summary>A batch is durable at <paramref name="version"/>: its cancellations are settled for good, and a key's answer tells them.</summary>
    public void Settle(EventBatch batch, long version)
    {
        foreach (var cancelled in batch.Cancellations)
        {
            _state.Settled.Settled(version, cancelled.Id, isHold: false);
            if (cancelled.IdempotencyKey is { } key)
            {
                _keys.Restate(cancelled.UserId, key, answer => answer.Booking?.Id == cancelled.Id ? answer with { Booking = cancelled } : answer);
            }
        }
    }

    /// <summary>A cancellation of this booking already under way or committed here, as the caller may see it.</summary>
    private Task<BookingAnswer>? KnownCancellation(Guid bookingId, Guid callerId, bool callerIsAdmin)
    {
        if (_cancelling.TryGetValue(bookingId, out var inFlight))
        {
            return OwnedAsync(inFlight, callerId, callerIsAdmin);
        }

        if (_cancellations.TryGet(bookingId, out var done))
        {
            return Task.FromResult(callerIsAdmin || done.UserId == callerId
                ? new BookingAnswer(BookingOutcome.Cancelled, done, _state.Committed!.Seats.AvailableSeats)
                : BookingAnswer.Of(BookingOutcome.BookingNotFound));
        }

        return null;
    }

    private static async Task<BookingAnswer> OwnedAsync(Task<BookingAnswer> inFlight, Guid callerId, bool callerIsAdmin)
    {
        var answer = await inFlight;
        return answer.Booking is { } booking && !callerIsAdmin && booking.UserId != callerId
            ? BookingAnswer.Of(BookingOutcome.BookingNotFound)
            : answer;
    }

    private async Task<BookingAnswer> ConfirmAsync(Booking booking, IReadOnlyList<string>? seats)
    {
        var fate = await _state.Enlist();
        return fate == CommitFate.Committed
            ? new BookingAnswer(BookingOutcome.Confirmed, booking, _state.Committed!.Seats.AvailableSeats, Seats: seats)
            : ToAnswer(fate, booking);
    }

    private async Task<BookingAnswer> FinishCancelAsync(Booking cancelled)
    {
        try
        {
            return ToAnswer(await _state.Enlist(), cancelled);
        }
        finally
        {
            _cancelling.Remove(cancelled.Id);
        }
    }

    private BookingAnswer ToAnswer(CommitFate fate, Booking cancelled) => fate switch
    {
        CommitFate.Committed => new BookingAnswer(BookingOutcome.Cancelled, cancelled, _state.Committed!.Seats.AvailableSeats),
        CommitFate.Unknown => BookingAnswer.Of(BookingOutcome.OutcomeUnknown),
        _ => BookingAnswer.Of(BookingOutcome.Unavailable),
    };
}
