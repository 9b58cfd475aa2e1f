using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;
using Evently.Domain.Waitlists;
using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Holds;
using Evently.Core.Seating;

namespace Evently.Core;

/// <summary>
/// Checkout holds: seats held for a buyer while they pay. They are held seats like waitlist promotions: counted in
/// <c>HeldSeats</c>, their deadlines in the same expiry schedule (timer and reminder, see <see cref="NextDeadline"/>),
/// every change written by the batch that makes it. Confirming turns a hold into a booking at the held price; releasing
/// or expiring gives the seats back, waitlist first. Every decision about a hold is made in one turn against
/// <see cref="_holds"/> (a <see cref="HoldBook"/>), which has every active hold and those settled lately, as last
/// decided; a hold settled longer ago is read from the store (see <see cref="SettledMemory"/>).
/// </summary>
public sealed partial class EventCore
{
    private readonly HoldBook _holds = new();
    private KeyMemory<Hold, HoldAnswer>? _holdKeys;
    private HoldTaking? _forHolds;

    private KeyMemory<Hold, HoldAnswer> HoldKeys => _holdKeys ??= new(
        keys => _store.FindKeyedHoldsAsync(_id, keys), h => (h.UserId, h.IdempotencyKey!), _time, _options, () => _commits.Version);

    private HoldTaking ForHolds => _forHolds ??= new(this);

    /// <summary>The earliest deadline of any promotion or checkout hold decided in memory.</summary>
    private DateTimeOffset? NextDeadline => Earliest(_waitlist.NextExpiry, _holds.NextDeadline);

    /// <summary>Holds seats for checkout until the event's hold length has passed; answered once the hold is committed.</summary>
    public Task<HoldAnswer> HoldAsync(Guid userId, int quantity, string? idempotencyKey, SeatRequest? seats = null) =>
        TakeAsync(ForHolds, userId, quantity, idempotencyKey, seats);

    /// <summary>The hold as committed, for its owner or an admin.</summary>
    public async Task<HoldAnswer> GetHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin)
    {
        if (_live is null)
        {
            return HoldAnswer.Of(HoldOutcome.HoldNotFound);
        }

        var hold = _holds.CommittedHold(holdId);
        if (hold is null)
        {
            var (found, failure) = await FindHoldAsync(holdId);
            if (failure is { } outcome)
            {
                return HoldAnswer.Of(outcome);
            }

            // One memory does not know (settled long ago) is as the store committed it; one memory decided is not committed yet.
            hold = found is null ? null : _holds.CommittedHold(holdId) ?? (_holds.Knows(holdId) ? null : found);
        }

        if (hold is null || (!callerIsAdmin && hold.UserId != callerId))
        {
            return HoldAnswer.Of(HoldOutcome.HoldNotFound);
        }

        var booking = _holds.BookingOf(holdId);
        if (booking is null && hold.BookingId is { } made)
        {
            // Confirmed, and settled long enough ago to have left memory: its booking is read as the store holds it.
            try
            {
                booking = await StoredBookingAsync(made);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return HoldAnswer.Of(HoldOutcome.Unavailable);
            }
        }

        return new HoldAnswer(HoldOutcome.Held, hold, booking,
            Seats: SeatIdsOf(holdId) ?? (hold.BookingId is { } bookingId ? SeatIdsOf(bookingId) : null));
    }

    /// <summary>
    /// Turns the owner's hold into a booking at the held price; a repeat gets the same booking. Refused once the deadline
    /// has passed, even if the expiry has not been processed yet, and once the hold was released.
    /// </summary>
    public async Task<HoldAnswer> ConfirmHoldAsync(Guid holdId, Guid userId)
    {
        if (_live is null)
        {
            return HoldAnswer.Of(HoldOutcome.HoldNotFound);
        }

        if (IsBroken)
        {
            return HoldAnswer.Of(HoldOutcome.Unavailable);
        }

        var (hold, failure) = await FindHoldAsync(holdId);
        if (failure is { } outcome)
        {
            return HoldAnswer.Of(outcome);
        }

        if (hold is null || hold.UserId != userId)
        {
            return HoldAnswer.Of(HoldOutcome.HoldNotFound);
        }

        // From here on memory's hold is decided against in this turn: whatever happened during the read is in it.
        if (!hold.IsActive)
        {
            return await SettledHoldAsync(hold);
        }

        var now = _time.GetUtcNow();
        if (hold.IsDue(now))
        {
            // The deadline has passed even if the timer has not run yet: the seats are no longer this buyer's. Answered once
            // the expiry is durable: an activation that is behind (whose twin may have confirmed in time) must not say so.
            ExpireDue(now);
            var expired = _holds[holdId];
            var expiry = _commits.Enlist();
            _expiry.Want(WantedExpiry);
            return await expiry switch
            {
                CommitFate.Committed => new HoldAnswer(HoldOutcome.HoldExpired, expired),
                CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
                _ => HoldAnswer.Of(HoldOutcome.Unavailable),
            };
        }

        if (!BookingRules.IsBookable(_live.Status, _live.EventDate, now))
        {
            return HoldAnswer.Refused(BookingOutcome.NotBookable, _live.Seats.AvailableSeats);
        }

        if (_commits.Pending >= _options.MaxPending)
        {
            _observer.RateLimited();
            return HoldAnswer.Refused(BookingOutcome.RateLimited, _live.Seats.AvailableSeats);
        }

        var booking = new Booking(_ids.NewId(now), _ids.NewBookingRef(), _id, userId, hold.Quantity, hold.UnitPrice, hold.TotalAmount,
            BookingStatus.Confirmed, now, null, null);
        var sold = _seats.SellHeld(holdId, booking.Id, _commits.Filling);
        ApplySeats(_live.Seats with { HeldSeats = _live.Seats.HeldSeats - hold.Quantity });
        var confirmed = Resolve(hold, HoldStatus.Confirmed, now, booking.Id);
        CountSeats(userId, hold.Quantity);
        _holds.Confirmed(holdId, booking);
        _commits.Filling.Bookings.Add(booking);
        var fate = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        return await fate switch
        {
            CommitFate.Committed => new HoldAnswer(HoldOutcome.Confirmed, confirmed, booking, _committed!.Seats.AvailableSeats, Seats: sold is null ? null : _seats.Ids(sold)),
            CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
            _ => HoldAnswer.Of(HoldOutcome.Unavailable),
        };
    }

    /// <summary>Gives the hold's seats back, waitlist first (the owner's, or any for an admin). Idempotent.</summary>
    public async Task<HoldAnswer> ReleaseHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin)
    {
        if (_live is null)
        {
            return HoldAnswer.Of(HoldOutcome.HoldNotFound);
        }

        if (IsBroken)
        {
            return HoldAnswer.Of(HoldOutcome.Unavailable);
        }

        var (hold, failure) = await FindHoldAsync(holdId);
        if (failure is { } outcome)
        {
            return HoldAnswer.Of(outcome);
        }

        if (hold is null || (!callerIsAdmin && hold.UserId != callerId))
        {
            return HoldAnswer.Of(HoldOutcome.HoldNotFound);
        }

        if (!hold.IsActive)
        {
            // Already released or expired: done. Already confirmed: the seats are a booking now; it is cancelled instead.
            var settled = await SettledHoldAsync(hold);
            return settled.Outcome switch
            {
                HoldOutcome.HoldExpired => settled with { Outcome = HoldOutcome.Released },
                HoldOutcome.AlreadyConfirmed => settled with { Outcome = HoldOutcome.HoldConfirmed },
                _ => settled,
            };
        }

        var now = _time.GetUtcNow();
        if (hold.IsDue(now))
        {
            // Past its deadline: it expires now (and says so), which gives the seats back just the same.
            ExpireDue(now);
        }
        else
        {
            _seats.Free(hold.Id, held: true, _commits.Filling);
            ApplySeats(_live.Seats with { AvailableSeats = _live.Seats.AvailableSeats + hold.Quantity, HeldSeats = _live.Seats.HeldSeats - hold.Quantity });
            Resolve(hold, HoldStatus.Released, now);
            PromoteWaiting(now);
        }

        // Captured now: once its batch commits, the settled hold may leave memory.
        var released = _holds[holdId];
        var fate = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        return await fate switch
        {
            CommitFate.Committed => new HoldAnswer(HoldOutcome.Released, released, null, _committed!.Seats.AvailableSeats),
            CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
            _ => HoldAnswer.Of(HoldOutcome.Unavailable),
        };
    }

    /// <summary>The answer about a hold memory has already resolved, once that resolution's batch has settled.</summary>
    private async Task<HoldAnswer> SettledHoldAsync(Hold hold)
    {
        var fate = await _commits.Settled();
        if (fate != CommitFate.Committed)
        {
            return HoldAnswer.Of(fate == CommitFate.Unknown ? HoldOutcome.OutcomeUnknown : HoldOutcome.Unavailable);
        }

        if (hold.Status != HoldStatus.Confirmed)
        {
            return new HoldAnswer(HoldOutcome.HoldExpired, hold);
        }

        var booking = _holds.BookingOf(hold.Id);
        if (booking is null)
        {
            try
            {
                booking = await StoredBookingAsync(hold.BookingId!.Value);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return HoldAnswer.Of(HoldOutcome.Unavailable);
            }

            if (booking is null || IsBroken)
            {
                return HoldAnswer.Of(HoldOutcome.Unavailable);
            }

            // Kept only with its hold: one memory has let go of is read again when asked for.
            _holds.RememberBooking(hold.Id, booking);
        }

        return new HoldAnswer(HoldOutcome.AlreadyConfirmed, hold, AsItStands(booking), _committed!.Seats.AvailableSeats);
    }

    /// <summary>
    /// The hold as memory has decided it. One this instance never saw is read from the store; whatever the read returns is
    /// checked against memory as it is after the read (a request may have decided about the hold meanwhile).
    /// </summary>
    private async Task<(Hold? Hold, HoldOutcome? Failure)> FindHoldAsync(Guid holdId)
    {
        if (_holds.TryGet(holdId, out var known))
        {
            return (known, null);
        }

        Hold? stored;
        var from = Settled.Begin();
        try
        {
            stored = await _store.FindHoldAsync(holdId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, HoldOutcome.Unavailable);
        }
        finally
        {
            // Memory is checked below in this turn: a hold settled after the read began is still there.
            Settled.End(from);
        }

        if (IsBroken)
        {
            return (null, HoldOutcome.Unavailable);
        }

        if (_holds.TryGet(holdId, out known))
        {
            return (known, null);
        }

        if (stored is null || stored.EventId != _id)
        {
            return (null, null);
        }

        if (stored.IsActive)
        {
            // Every active hold is in memory from activation on: one only the store knows was written by another
            // activation, so this one is behind. A fresh one will load it.
            Fail(new InvalidOperationException($"Hold {holdId} is active in the store but unknown to this activation of event {_id}."));
            return (null, HoldOutcome.Unavailable);
        }

        // Resolved before this instance loaded, or long enough ago to have left memory: final, and committed. Not kept:
        // memory stays bounded, and the store answers again.
        return (stored, null);
    }

    /// <summary>Holds the seats in this turn at the price in force now and enlists the hold; null when too few are free.</summary>
    private Task<HoldAnswer>? MakeHold(Guid userId, int quantity, int[]? chosen, KeyedAsk? keyed, DateTimeOffset now)
    {
        if (!_live!.Seats.TryTake(quantity, out var seats))
        {
            return null;
        }

        // The price in force now is the hold's; a demand step it triggers applies to later requests.
        var (unitPrice, total) = _seats.PriceOf(chosen, quantity, _live.Price, _live.BasePrice);
        var hold = new Hold(_ids.NewId(now), _id, userId, quantity, unitPrice, total, HoldStatus.Held,
            now.AddMinutes(_live.HoldMinutes), null, now, null, keyed?.Key, keyed?.Asked.Text);
        if (chosen is not null)
        {
            _seats.Take(hold.Id, chosen, held: true, _commits.Filling);
        }

        ApplySeats(seats with { HeldSeats = seats.HeldSeats + quantity });
        _holds.Track(hold);
        _commits.Filling.Holds.Add(new HoldWrite(hold, IsNew: true));
        var answer = AnswerHoldAsync(hold, chosen is null ? null : _seats.Ids(chosen));
        _expiry.Want(WantedExpiry);
        return answer;
    }

    private async Task<HoldAnswer> AnswerHoldAsync(Hold hold, IReadOnlyList<string>? seats) => await _commits.Enlist() switch
    {
        CommitFate.Committed => new HoldAnswer(HoldOutcome.Held, hold, null, _committed!.Seats.AvailableSeats, Seats: seats),
        CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
        _ => HoldAnswer.Of(HoldOutcome.Unavailable),
    };

    /// <summary>Decides the expiry of every hold due by <paramref name="now"/> into the filling batch; returns how many.</summary>
    private int ExpireDueHolds(DateTimeOffset now)
    {
        var seats = _live!.Seats;
        var expired = 0;
        while (_holds.FirstDue(now) is { } hold)
        {
            seats = seats with { AvailableSeats = seats.AvailableSeats + hold.Quantity, HeldSeats = seats.HeldSeats - hold.Quantity };
            _seats.Free(hold.Id, held: true, _commits.Filling);
            Resolve(hold, HoldStatus.Expired, now);
            NotifyUser(hold.UserId, "hold_expired", new { eventId = _id, eventName = _live.Name, holdId = hold.Id, quantity = hold.Quantity, expiresAt = hold.ExpiresAt });
            expired++;
        }

        if (expired > 0)
        {
            ApplySeats(seats);
        }

        return expired;
    }

    /// <summary>The event is cancelled: every active hold is released (its seats go with the rest); returns their holders.</summary>
    private List<Guid> ReleaseAllHolds(DateTimeOffset now)
    {
        var holders = new List<Guid>();
        foreach (var hold in _holds.Active())
        {
            Resolve(hold, HoldStatus.Released, now);
            holders.Add(hold.UserId);
        }

        return holders;
    }

    /// <summary>Resolves an active hold in memory and enlists its row in the filling batch (the caller moves the seats).</summary>
    private Hold Resolve(Hold hold, string status, DateTimeOffset now, Guid? bookingId = null)
    {
        var resolved = _holds.Resolve(hold, status, now, bookingId);
        _commits.Filling.Holds.Add(new HoldWrite(resolved, IsNew: false));
        return resolved;
    }

    /// <summary>Taking seats for a checkout hold: held seats with a deadline, at the price in force now.</summary>
    private sealed class HoldTaking(EventCore core) : SeatTaking<Hold, HoldAnswer>
    {
        public override KeyMemory<Hold, HoldAnswer> Keys => core.HoldKeys;

        public override HoldAnswer Refuse(BookingOutcome outcome, int availableSeats = 0, IReadOnlyList<string>? seats = null) => outcome switch
        {
            BookingOutcome.EventNotFound => HoldAnswer.Of(HoldOutcome.EventNotFound),
            BookingOutcome.Unavailable => HoldAnswer.Of(HoldOutcome.Unavailable),
            BookingOutcome.KeyReused => HoldAnswer.Of(HoldOutcome.KeyReused),
            _ => new HoldAnswer(HoldOutcome.Refused, null, null, availableSeats, outcome, Seats: seats),
        };

        public override HoldAnswer Refuse(BookingAnswer saleRefusal) => HoldAnswer.Refused(saleRefusal);

        public override RequestShape AskedBy(Hold stored) => RequestShape.Stored(stored.Quantity, stored.IdempotencyRequest);

        public override HoldAnswer Found(Hold stored) =>
            new(HoldOutcome.Replayed, core._holds.CommittedHold(stored.Id) ?? stored, Seats: core.SeatIdsOf(stored.Id));

        public override bool IsOutcomeUnknown(HoldAnswer answer) => answer.Outcome == HoldOutcome.OutcomeUnknown;

        public override HoldAnswer AsReplay(HoldAnswer answer) =>
            answer is { Outcome: HoldOutcome.Held or HoldOutcome.Replayed, Hold: { } hold }
                ? answer with
                {
                    Outcome = HoldOutcome.Replayed,
                    Hold = core._holds.CommittedHold(hold.Id) ?? hold,
                    AvailableSeats = core._committed!.Seats.AvailableSeats,
                }
                : answer;

        public override Task<HoldAnswer>? Take(Guid userId, int quantity, int[]? chosen, Promotion? own, KeyedAsk? keyed, DateTimeOffset now) =>
            core.MakeHold(userId, quantity, chosen, keyed, now);
    }
}
