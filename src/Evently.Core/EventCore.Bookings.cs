using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;
using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Seating;

namespace Evently.Core;

/// <summary>Booking and cancelling seats.</summary>
public sealed partial class EventCore
{
    private readonly Dictionary<Guid, Task<BookingAnswer>> _cancelling = [];

    // Cancellations this instance committed lately: a booking read from the store may predate them (they leave memory
    // once no read under way may, see SettledMemory).
    private readonly Dictionary<Guid, Booking> _cancelled = [];

    private BookingTaking? _forBookings;

    private BookingTaking ForBookings => _forBookings ??= new(this);

    /// <summary>
    /// Books seats; answered once the booking is committed (or its fate is known not to be). On a seated event
    /// <paramref name="seats"/> says which (named, or the best available); nothing partial is ever booked.
    /// </summary>
    public Task<BookingAnswer> BookAsync(Guid userId, int quantity, string? idempotencyKey, SeatRequest? seats = null) =>
        TakeAsync(ForBookings, userId, quantity, idempotencyKey, seats);

    /// <summary>
    /// The user's waitlist promotion, which a booking claims (using its seats first, giving up the rest). One whose window
    /// has passed is expired first, even if the timer has not run yet: its seats are no longer the user's.
    /// </summary>
    private Promotion? ClaimablePromotion(Guid userId, DateTimeOffset now)
    {
        if (_waitlist.Find(userId) is { Status: WaitlistStatus.Promoted, Promotion: { } held } && held.ExpiresAt <= now)
        {
            // The expiry commits whatever this booking's fate, so it enlists on its own.
            ExpireDue(now);
            _ = _commits.Enlist();
            _expiry.Want(WantedExpiry);
        }

        return _waitlist.Find(userId) is { Status: WaitlistStatus.Promoted, Promotion: { } promotion } ? promotion : null;
    }

    /// <summary>Books the seats in this turn (a holder's out of its promotion first) and enlists the booking; null when too few are free.</summary>
    private Task<BookingAnswer>? Book(Guid userId, int quantity, int[]? chosen, Promotion? promotion, KeyedAsk? keyed, DateTimeOffset now)
    {
        var bookingId = _ids.NewId(now);
        var seats = _live!.Seats;
        var claim = promotion is not null ? _waitlist.BookHeld(userId, quantity, bookingId, ref seats) : null;
        if (claim is null && !_live.Seats.TryTake(quantity, out seats))
        {
            return null;
        }

        // Charged at the price in force when accepted; a demand step this booking triggers applies to the next one.
        var (unitPrice, total) = _seats.PriceOf(chosen, quantity, _live.Price, _live.BasePrice);
        var booking = new Booking(bookingId, _ids.NewBookingRef(), _id, userId, quantity, unitPrice,
            total, BookingStatus.Confirmed, now, null, keyed?.Key, keyed?.Asked.Text);
        if (chosen is not null)
        {
            if (claim is not null)
            {
                _seats.Free(promotion!.Id, held: true, _commits.Filling);
            }

            _seats.Take(bookingId, chosen, held: false, _commits.Filling);
        }

        ApplySeats(seats);
        if (claim is not null)
        {
            // Held seats the holder did not use go to the next in line.
            _commits.Filling.WaitlistChanges.Add(claim);
            PromoteWaiting(now);
        }

        _commits.Filling.Bookings.Add(booking);
        CountSeats(userId, quantity);
        var answer = ConfirmAsync(booking, chosen is null ? null : _seats.Ids(chosen));
        if (claim is not null)
        {
            _expiry.Want(WantedExpiry);
        }

        return answer;
    }

    /// <summary>Cancels a booking of this event (the owner's, or any for an admin) and returns its seats, waitlist first. Idempotent.</summary>
    public async Task<BookingAnswer> CancelBookingAsync(Guid bookingId, Guid callerId, bool callerIsAdmin)
    {
        if (_live is null)
        {
            return BookingAnswer.Of(BookingOutcome.BookingNotFound);
        }

        if (IsBroken)
        {
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        if (KnownCancellation(bookingId, callerId, callerIsAdmin) is { } known)
        {
            return await known;
        }

        Booking? stored;
        var from = Settled.Begin();
        try
        {
            stored = await _store.FindBookingAsync(bookingId);
        }
        finally
        {
            // Memory is checked below in this turn: a cancellation committed after the read began is still there.
            Settled.End(from);
        }

        // The read is a snapshot: whatever happened while it was under way is re-checked against memory now.
        if (IsBroken)
        {
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        if (stored is null || stored.EventId != _id || (!callerIsAdmin && stored.UserId != callerId))
        {
            return BookingAnswer.Of(BookingOutcome.BookingNotFound);
        }

        if (KnownCancellation(bookingId, callerId, callerIsAdmin) is { } settled)
        {
            return await settled;
        }

        if (stored.Status == BookingStatus.Cancelled)
        {
            return new BookingAnswer(BookingOutcome.Cancelled, stored, _committed!.Seats.AvailableSeats);
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return ToBookingAnswer(await EventCancellationFateAsync(), stored.CancelledOn(_eventCancelledAt));
        }

        if (stored.Quantity > _live.Seats.SoldSeats)
        {
            // Memory and store disagree: never release seats that are not sold. A fresh instance will reload.
            Fail(new InvalidOperationException($"Booking {bookingId} holds more seats than event {_id} has sold."));
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        if (_seats.LacksSeats(stored.Id, stored.Quantity))
        {
            Fail(new InvalidOperationException($"Booking {bookingId} of seated event {_id} does not hold its seats in memory."));
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        _seats.Free(stored.Id, held: false, _commits.Filling);
        var now = _time.GetUtcNow();
        var cancelled = stored.CancelledOn(now);
        ApplySeats(_live.Seats.Release(stored.Quantity));
        PromoteWaiting(now);
        NotifyUser(stored.UserId, "booking_cancelled", new
        {
            eventId = _id,
            eventName = _live.Name,
            bookingId = stored.Id,
            bookingRef = stored.BookingRef,
            quantity = stored.Quantity,
        });
        _commits.Filling.Cancellations.Add(cancelled);
        CountSeats(stored.UserId, -stored.Quantity);
        var task = FinishCancelAsync(cancelled);
        _cancelling[bookingId] = task;
        _expiry.Want(WantedExpiry);
        return await task;
    }

    /// <summary>A cancellation of this booking already under way or committed here, as the caller may see it.</summary>
    private Task<BookingAnswer>? KnownCancellation(Guid bookingId, Guid callerId, bool callerIsAdmin)
    {
        if (_cancelling.TryGetValue(bookingId, out var inFlight))
        {
            return OwnedAsync(inFlight, callerId, callerIsAdmin);
        }

        if (_cancelled.TryGetValue(bookingId, out var done))
        {
            return Task.FromResult(callerIsAdmin || done.UserId == callerId
                ? new BookingAnswer(BookingOutcome.Cancelled, done, _committed!.Seats.AvailableSeats)
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

    /// <summary>A booking this instance knows as committed, with the cancellations committed since.</summary>
    private Booking AsItStands(Booking booking) =>
        _cancelled.TryGetValue(booking.Id, out var cancelled) ? cancelled
        : _committed!.Status == EventStatus.Cancelled ? booking.CancelledOn(_eventCancelledAt)
        : booking;

    private async Task<BookingAnswer> ConfirmAsync(Booking booking, IReadOnlyList<string>? seats)
    {
        var fate = await _commits.Enlist();
        return fate == CommitFate.Committed
            ? new BookingAnswer(BookingOutcome.Confirmed, booking, _committed!.Seats.AvailableSeats, Seats: seats)
            : ToBookingAnswer(fate, booking);
    }

    private async Task<BookingAnswer> FinishCancelAsync(Booking cancelled)
    {
        try
        {
            return ToBookingAnswer(await _commits.Enlist(), cancelled);
        }
        finally
        {
            _cancelling.Remove(cancelled.Id);
        }
    }

    private BookingAnswer ToBookingAnswer(CommitFate fate, Booking cancelled) => fate switch
    {
        CommitFate.Committed => new BookingAnswer(BookingOutcome.Cancelled, cancelled, _committed!.Seats.AvailableSeats),
        CommitFate.Unknown => BookingAnswer.Of(BookingOutcome.OutcomeUnknown),
        _ => BookingAnswer.Of(BookingOutcome.Unavailable),
    };

    private void NotifyUser(Guid userId, string kind, object payload) =>
        Notify(userId, _waitlist.Find(userId)?.WebhookUrl, kind, System.Text.Json.JsonSerializer.Serialize(payload));

    /// <summary>Taking seats for a booking: a confirmed booking, made out of the user's waitlist promotion when they hold one.</summary>
    private sealed class BookingTaking(EventCore core) : SeatTaking<Booking, BookingAnswer>
    {
        public override KeyMemory<Booking, BookingAnswer> Keys => core._keys;

        public override BookingAnswer Refuse(BookingOutcome outcome, int availableSeats = 0, IReadOnlyList<string>? seats = null) =>
            new(outcome, null, availableSeats, Seats: seats);

        public override BookingAnswer Refuse(BookingAnswer saleRefusal) => saleRefusal;

        public override RequestShape AskedBy(Booking stored) => RequestShape.Stored(stored.Quantity, stored.IdempotencyRequest);

        public override BookingAnswer Found(Booking stored) => new(BookingOutcome.Replayed, core.AsItStands(stored), 0, Seats: core.SeatIdsOf(stored.Id));

        public override bool IsOutcomeUnknown(BookingAnswer answer) => answer.Outcome == BookingOutcome.OutcomeUnknown;

        public override BookingAnswer AsReplay(BookingAnswer answer) =>
            answer is { Outcome: BookingOutcome.Confirmed or BookingOutcome.Replayed, Booking: { } booking }
                ? answer with { Outcome = BookingOutcome.Replayed, Booking = core.AsItStands(booking), AvailableSeats = core._committed!.Seats.AvailableSeats }
                : answer;

        public override Promotion? OwnHeld(Guid userId, DateTimeOffset now) => core.ClaimablePromotion(userId, now);

        public override Task<BookingAnswer>? Take(Guid userId, int quantity, int[]? chosen, Promotion? own, KeyedAsk? keyed, DateTimeOffset now) =>
            core.Book(userId, quantity, chosen, own, keyed, now);
    }
}
