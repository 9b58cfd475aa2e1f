using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Bookings;
using Evently.Core.Expiry;
using Evently.Core.Machine;
using Evently.Core.Sales;
using Evently.Core.Seating;
using Evently.Core.Taking;
using Evently.Core.Waitlists;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;

namespace Evently.Core.Holds;

/// <summary>
/// Checkout holds: seats held for a buyer while they pay. They are held seats like waitlist promotions: counted in
/// <c>HeldSeats</c>, their deadlines in the same expiry schedule (<see cref="ExpirySchedule"/>), every change written by
/// the batch that makes it. Confirming turns a hold into a booking at the held price; releasing or expiring gives the
/// seats back, waitlist first. Every decision about a hold is made in one turn against the <see cref="HoldBook"/>, which
/// has every active hold and those settled lately, as last decided; a hold settled longer ago is read from the store
/// (see <see cref="SettledMemory"/>).
/// </summary>
internal sealed class HoldDesk
{
    private readonly EventState _state;
    private readonly SeatInventory _seats;
    private readonly SaleRules _saleRules;
    private readonly HoldBook _holds;
    private readonly HoldResolver _resolver;
    private readonly WaitlistLine _line;
    private readonly DueExpiry _due;
    private readonly ExpirySchedule _schedule;
    private readonly Cancellations _cancellations;
    private readonly HoldLookup _lookup;
    private KeyMemory<Hold, HoldAnswer>? _keys;

    public HoldDesk(
        EventState state, SeatInventory seats, SaleRules saleRules, HoldBook holds, HoldResolver resolver, WaitlistLine line, DueExpiry due,
        ExpirySchedule schedule, Cancellations cancellations)
    {
        _state = state;
        _seats = seats;
        _saleRules = saleRules;
        _holds = holds;
        _resolver = resolver;
        _line = line;
        _due = due;
        _schedule = schedule;
        _cancellations = cancellations;
        _lookup = new HoldLookup(state, holds, cancellations);
        Taking = new HoldTaking(this, holds, seats, state);
    }

    /// <summary>Taking seats for a checkout hold.</summary>
    public HoldTaking Taking { get; }

    /// <summary>The idempotency keys of holds (made on first use: most events never see a hold).</summary>
    public KeyMemory<Hold, HoldAnswer> Keys => _keys ??= new(
        keys => _state.Store.FindKeyedHoldsAsync(_state.Id, keys), h => (h.UserId, h.IdempotencyKey!), _state.Time, _state.Options, () => _state.Version);

    /// <summary>Hold requests waiting for a key lookup.</summary>
    public int KeyLookups => _keys?.LookingUp ?? 0;

    /// <summary>The committed version the oldest key lookup under way began at, or null.</summary>
    public long? OldestLookup => _keys?.OldestLookup;

    /// <summary>The hold as committed, for its owner or an admin.</summary>
    public async Task<HoldAnswer> GetAsync(Guid holdId, Guid callerId, bool callerIsAdmin)
    {
        if (!_state.Exists)
        {
            return HoldAnswer.Of(HoldOutcome.HoldNotFound);
        }

        var hold = _holds.CommittedHold(holdId);
        if (hold is null)
        {
            var (found, failure) = await _lookup.FindAsync(holdId);
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
                booking = await _cancellations.StoredBookingAsync(made);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return HoldAnswer.Of(HoldOutcome.Unavailable);
            }
        }

        return new HoldAnswer(HoldOutcome.Held, hold, booking,
            Seats: _seats.IdsOf(holdId) ?? (hold.BookingId is { } bookingId ? _seats.IdsOf(bookingId) : null));
    }

    /// <summary>
    /// Turns the owner's hold into a booking at the held price; a repeat gets the same booking. Refused once the deadline
    /// has passed, even if the expiry has not been processed yet, and once the hold was released.
    /// </summary>
    public async Task<HoldAnswer> ConfirmAsync(Guid holdId, Guid userId)
    {
        var (hold, failure) = await FindForChangeAsync(holdId);
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
            return await _lookup.SettledAsync(hold);
        }

        var now = _state.Now;
        if (hold.IsDue(now))
        {
            // The deadline has passed even if the timer has not run yet: the seats are no longer this buyer's. Answered once
            // the expiry is durable: an activation that is behind (whose twin may have confirmed in time) must not say so.
            _due.ExpireDue(now);
            var expired = _holds[holdId];
            var expiry = _state.Enlist();
            _schedule.Want();
            return await expiry switch
            {
                CommitFate.Committed => new HoldAnswer(HoldOutcome.HoldExpired, expired),
                CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
                _ => HoldAnswer.Of(HoldOutcome.Unavailable),
            };
        }

        var live = _state.Live;
        if (!BookingRules.IsBookable(live.Status, live.EventDate, now))
        {
            return HoldAnswer.Refused(BookingOutcome.NotBookable, live.Seats.AvailableSeats);
        }

        if (_state.Pending >= _state.Options.MaxPending)
        {
            _state.Observer.RateLimited();
            return HoldAnswer.Refused(BookingOutcome.RateLimited, live.Seats.AvailableSeats);
        }

        var booking = new Booking(_state.Ids.NewId(now), _state.Ids.NewBookingRef(), _state.Id, userId, hold.Quantity, hold.UnitPrice, hold.TotalAmount,
            BookingStatus.Confirmed, now, null, null);
        var sold = _seats.SellHeld(holdId, booking.Id, _state.Filling);
        _state.ApplySeats(live.Seats with { HeldSeats = live.Seats.HeldSeats - hold.Quantity });
        var confirmed = _resolver.Resolve(hold, HoldStatus.Confirmed, now, booking.Id);
        _saleRules.CountSeats(userId, hold.Quantity);
        _holds.Confirmed(holdId, booking);
        _state.Filling.Bookings.Add(booking);
        var fate = _state.Enlist();
        _schedule.Want();
        return await fate switch
        {
            CommitFate.Committed => new HoldAnswer(HoldOutcome.Confirmed, confirmed, booking, _state.Committed!.Seats.AvailableSeats,
                Seats: sold is null ? null : _seats.Ids(sold)),
            CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
            _ => HoldAnswer.Of(HoldOutcome.Unavailable),
        };
    }

    /// <summary>Gives the hold's seats back, waitlist first (the owner's, or any for an admin). Idempotent.</summary>
    public async Task<HoldAnswer> ReleaseAsync(Guid holdId, Guid callerId, bool callerIsAdmin)
    {
        var (hold, failure) = await FindForChangeAsync(holdId);
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
            var settled = await _lookup.SettledAsync(hold);
            return settled.Outcome switch
            {
                HoldOutcome.HoldExpired => settled with { Outcome = HoldOutcome.Released },
                HoldOutcome.AlreadyConfirmed => settled with { Outcome = HoldOutcome.HoldConfirmed },
                _ => settled,
            };
        }

        var now = _state.Now;
        if (hold.IsDue(now))
        {
            // Past its deadline: it expires now (and says so), which gives the seats back just the same.
            _due.ExpireDue(now);
        }
        else
        {
            _seats.Free(hold.Id, held: true, _state.Filling);
            var ledger = _state.Live.Seats;
            _state.ApplySeats(ledger with { AvailableSeats = ledger.AvailableSeats + hold.Quantity, HeldSeats = ledger.HeldSeats - hold.Quantity });
            _resolver.Resolve(hold, HoldStatus.Released, now);
            _line.PromoteWaiting(now);
        }

        // Captured now: once its batch commits, the settled hold may leave memory.
        var released = _holds[holdId];
        var fate = _state.Enlist();
        _schedule.Want();
        return await fate switch
        {
            CommitFate.Committed => new HoldAnswer(HoldOutcome.Released, released, null, _state.Committed!.Seats.AvailableSeats),
            CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
            _ => HoldAnswer.Of(HoldOutcome.Unavailable),
        };
    }

    /// <summary>Holds the seats in this turn at the price in force now and enlists the hold; null when too few are free.</summary>
    public Task<HoldAnswer>? Make(Guid userId, int quantity, int[]? chosen, KeyedAsk? keyed, DateTimeOffset now)
    {
        var live = _state.Live;
        if (!live.Seats.TryTake(quantity, out var ledger))
        {
            return null;
        }

        // The price in force now is the hold's; a demand step it triggers applies to later requests.
        var (unitPrice, total) = _seats.PriceOf(chosen, quantity, live.Price, live.BasePrice);
        var hold = new Hold(_state.Ids.NewId(now), _state.Id, userId, quantity, unitPrice, total, HoldStatus.Held,
            now.AddMinutes(live.HoldMinutes), null, now, null, keyed?.Key, keyed?.Asked.Text);
        if (chosen is not null)
        {
            _seats.Take(hold.Id, chosen, held: true, _state.Filling);
        }

        _state.ApplySeats(ledger with { HeldSeats = ledger.HeldSeats + quantity });
        _holds.Track(hold);
        _state.Filling.Holds.Add(new HoldWrite(hold, IsNew: true));
        var answer = AnswerAsync(hold, chosen is null ? null : _seats.Ids(chosen));
        _schedule.Want();
        return answer;
    }

    /// <summary>A batch is durable at <paramref name="version"/>: the holds it settled are settled for good, and a key's answer tells them.</summary>
    public void Settle(EventBatch batch, long version)
    {
        foreach (var write in batch.Holds)
        {
            if (write.Hold is not { IsActive: false } hold)
            {
                continue;
            }

            _state.Settled.Settled(version, hold.Id, isHold: true);
            if (hold.IdempotencyKey is { } key)
            {
                _keys?.Restate(hold.UserId, key, answer => answer.Hold?.Id == hold.Id ? answer with { Hold = hold } : answer);
            }
        }
    }

    private async Task<HoldAnswer> AnswerAsync(Hold hold, IReadOnlyList<string>? seats) => await _state.Enlist() switch
    {
        CommitFate.Committed => new HoldAnswer(HoldOutcome.Held, hold, null, _state.Committed!.Seats.AvailableSeats, Seats: seats),
        CommitFate.Unknown => HoldAnswer.Of(HoldOutcome.OutcomeUnknown),
        _ => HoldAnswer.Of(HoldOutcome.Unavailable),
    };

    /// <summary>The hold a confirm or release acts on: refused while the event is missing or this activation is unusable.</summary>
    private async Task<(Hold? Hold, HoldOutcome? Failure)> FindForChangeAsync(Guid holdId)
    {
        if (!_state.Exists)
        {
            return (null, HoldOutcome.HoldNotFound);
        }

        if (_state.IsBroken)
        {
            return (null, HoldOutcome.Unavailable);
        }

        return await _lookup.FindAsync(holdId);
    }
}
