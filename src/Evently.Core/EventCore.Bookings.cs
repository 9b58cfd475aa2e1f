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

    // Cancellations this instance committed: a booking read from the store may predate them.
    private readonly Dictionary<Guid, Booking> _cancelled = [];

    /// <summary>
    /// Books seats; answered once the booking is committed (or its fate is known not to be). On a seated event
    /// <paramref name="seats"/> says which (named, or the best available); nothing partial is ever booked.
    /// </summary>
    public Task<BookingAnswer> BookAsync(Guid userId, int quantity, string? idempotencyKey, SeatRequest? seats = null)
    {
        if (_live is null)
        {
            return Task.FromResult(BookingAnswer.Of(BookingOutcome.EventNotFound));
        }

        if (IsBroken)
        {
            return Task.FromResult(BookingAnswer.Of(BookingOutcome.Unavailable));
        }

        if (idempotencyKey is null)
        {
            return Decide(userId, quantity, null, seats, null);
        }

        var asked = RequestShape.Of(quantity, seats);
        if (Remembered(userId, asked, idempotencyKey) is { } replay)
        {
            return replay;
        }

        if (_commits.Pending + _keys.LookingUp >= _options.MaxPending)
        {
            _observer.RateLimited();
            return Task.FromResult(BookingAnswer.Of(BookingOutcome.RateLimited, _live.Seats.AvailableSeats));
        }

        return BookAfterLookupAsync(userId, quantity, idempotencyKey, seats, asked);
    }

    /// <summary>The answer to a key this instance remembers: the first request's, or a refusal for a request that asks otherwise.</summary>
    private Task<BookingAnswer>? Remembered(Guid userId, RequestShape asked, string idempotencyKey) =>
        _keys.Find(userId, idempotencyKey) is not { } earlier ? null
        : earlier.Asked.Matches(asked) ? ReplayAsync(earlier.Answer)
        : Task.FromResult(BookingAnswer.Of(BookingOutcome.KeyReused));

    /// <summary>A key this instance does not remember: the store says whether it was used, then the booking is decided.</summary>
    private async Task<BookingAnswer> BookAfterLookupAsync(Guid userId, int quantity, string idempotencyKey, SeatRequest? seats, RequestShape asked)
    {
        var lookup = _keys.LookUp(userId, idempotencyKey);
        Booking? stored;
        try
        {
            stored = await lookup.FindAsync(userId, idempotencyKey);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing was decided: the caller may simply retry.
            _keys.Release(lookup);
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        // Decided in this turn, and only then is the lookup released: until then no key it may not see is forgotten.
        Task<BookingAnswer> answer;
        try
        {
            answer = AfterLookup(userId, quantity, idempotencyKey, stored, seats, asked);
        }
        finally
        {
            _keys.Release(lookup);
        }

        return await answer;
    }

    /// <summary>The lookup was a snapshot: a request with the same key may have been decided while it ran.</summary>
    private Task<BookingAnswer> AfterLookup(Guid userId, int quantity, string idempotencyKey, Booking? stored, SeatRequest? seats, RequestShape asked)
    {
        // A request made meanwhile with this key answers this one too, whatever became of this instance since.
        if (Remembered(userId, asked, idempotencyKey) is { } replay)
        {
            return replay;
        }

        if (IsBroken)
        {
            return Task.FromResult(BookingAnswer.Of(BookingOutcome.Unavailable));
        }

        if (stored is not null)
        {
            var original = Task.FromResult(new BookingAnswer(BookingOutcome.Replayed, stored, 0, Seats: SeatIdsOf(stored.Id)));
            var storedAsk = RequestShape.Stored(stored.Quantity, stored.IdempotencyRequest);
            _keys.Remember(userId, idempotencyKey, storedAsk, original);
            return storedAsk.Matches(asked) ? ReplayAsync(original) : Task.FromResult(BookingAnswer.Of(BookingOutcome.KeyReused));
        }

        return Decide(userId, quantity, idempotencyKey, seats, asked);
    }

    /// <summary>Decides the booking in this turn and enlists it; a key is remembered with its answer.</summary>
    private Task<BookingAnswer> Decide(Guid userId, int quantity, string? idempotencyKey, SeatRequest? request, RequestShape? asked)
    {
        if (_commits.Pending >= _options.MaxPending)
        {
            _observer.RateLimited();
            return Task.FromResult(BookingAnswer.Of(BookingOutcome.RateLimited, _live!.Seats.AvailableSeats));
        }

        var now = _time.GetUtcNow();
        if (CheckBookingRules(userId, quantity, now) is { } refusal)
        {
            return Task.FromResult(BookingAnswer.Of(refusal, _live!.Seats.AvailableSeats));
        }

        var entry = _waitlist.Find(userId);
        if (entry is { Status: WaitlistStatus.Promoted, Promotion: { } held } && held.ExpiresAt <= now)
        {
            // The window has passed even if the timer has not run yet: the seats are no longer this user's. The
            // expiry commits whatever this booking's fate, so it enlists on its own.
            ExpireDue(now);
            _ = _commits.Enlist();
            _expiry.Want(WantedExpiry);
            entry = _waitlist.Find(userId);
        }

        // A holder's booking gives up the whole promotion (unused seats go to the next in line).
        var released = entry is { Status: WaitlistStatus.Promoted, Promotion: { } promotion } ? promotion.Quantity : 0;
        if (RefuseBySaleRules(userId, quantity, now, released) is { } refused)
        {
            return Task.FromResult(refused);
        }

        // On a seated event the seats are chosen first (a holder may use the promotion's); nothing changes on a refusal.
        var holding = entry is { Status: WaitlistStatus.Promoted, Promotion: { } p } ? p : null;
        var (chosen, seatRefusal, atFault) = ChooseSeats(quantity, request, holding is null ? null : _seatsOf.GetValueOrDefault(holding.Id));
        if (seatRefusal is { } seatOutcome)
        {
            if (seatOutcome == BookingOutcome.SoldOut)
            {
                _observer.SoldOut();
            }

            return Task.FromResult(new BookingAnswer(seatOutcome, null, _live!.Seats.AvailableSeats, Seats: atFault));
        }

        var bookingId = _ids.NewId(now);
        var seats = _live!.Seats;
        var claim = entry is { Status: WaitlistStatus.Promoted }
            ? _waitlist.BookHeld(userId, quantity, bookingId, ref seats)
            : null;
        if (claim is null && !_live.Seats.TryTake(quantity, out seats))
        {
            _observer.SoldOut();
            return Task.FromResult(BookingAnswer.Of(BookingOutcome.SoldOut, _live.Seats.AvailableSeats));
        }

        // Charged at the price in force when accepted; a demand step this booking triggers applies to the next one.
        var (unitPrice, total) = PriceOf(chosen, quantity);
        var booking = new Booking(bookingId, _ids.NewBookingRef(), _id, userId, quantity, unitPrice,
            total, BookingStatus.Confirmed, now, null, idempotencyKey, asked?.Text);
        if (chosen is not null)
        {
            if (claim is not null)
            {
                FreeSeats(holding!.Id, held: true);
            }

            TakeSeats(bookingId, chosen, held: false);
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
        var answer = ConfirmAsync(booking, chosen is null ? null : Ids(chosen));
        if (claim is not null)
        {
            _expiry.Want(WantedExpiry);
        }

        if (idempotencyKey is not null)
        {
            // A failed commit breaks this instance, and these keys with it: a fresh one finds them in the store.
            _keys.Remember(userId, idempotencyKey, asked!, answer);
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

        var stored = await _store.FindBookingAsync(bookingId);

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

        if (_seating is not null && (!_seatsOf.TryGetValue(stored.Id, out var bookedSeats) || bookedSeats.Length != stored.Quantity))
        {
            Fail(new InvalidOperationException($"Booking {bookingId} of seated event {_id} does not hold its seats in memory."));
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        FreeSeats(stored.Id, held: false);
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

    private async Task<BookingAnswer> ReplayAsync(Task<BookingAnswer> original)
    {
        var answer = await original;
        if (answer.Outcome == BookingOutcome.OutcomeUnknown)
        {
            // The original's commit may have landed: a retry is told so too, never that nothing happened.
            return answer;
        }

        if (IsBroken)
        {
            return BookingAnswer.Of(BookingOutcome.Unavailable);
        }

        return answer is { Outcome: BookingOutcome.Confirmed or BookingOutcome.Replayed, Booking: { } booking }
            ? answer with { Outcome = BookingOutcome.Replayed, Booking = AsItStands(booking), AvailableSeats = _committed!.Seats.AvailableSeats }
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
}
