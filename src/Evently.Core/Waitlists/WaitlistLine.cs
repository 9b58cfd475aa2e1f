using System.Text.Json;
using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Expiry;
using Evently.Core.Machine;
using Evently.Core.Sales;
using Evently.Core.Seating;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Text;
using Evently.Domain.Waitlists;

namespace Evently.Core.Waitlists;

/// <summary>
/// The waitlist: joining, leaving, standing (suspend and resume), promotions that hold seats and their expiry, and the
/// promotion round owed since before the sale opened. Owns the event's <see cref="Waitlist"/> and the length last
/// committed (what reads show).
/// </summary>
internal sealed class WaitlistLine(EventState state, SeatInventory seats, Admissions admissions, SeatClaims claims, ExpirySchedule schedule)
{
    private Waitlist _waitlist = new();

    // A promotion round was skipped because sales had not opened yet (or this instance has not run one since it loaded).
    private bool _promotionOwed = true;
    private int _committedLength;

    // Each user's entry as last committed, with its position as written: what reads show while a change is decided and not durable.
    private readonly Dictionary<Guid, WaitlistPlace> _committed = [];

    /// <summary>Entries in line, in promotion order.</summary>
    public IEnumerable<WaitlistEntry> Open => _waitlist.Open;

    /// <summary>The earliest deadline of a promotion decided in memory.</summary>
    public DateTimeOffset? NextExpiry => _waitlist.NextExpiry;

    /// <summary>How many are in line as last committed.</summary>
    public int CommittedLength => _committedLength;

    /// <summary>The user's entry as decided in memory, or null.</summary>
    public WaitlistEntry? Find(Guid userId) => _waitlist.Find(userId);

    /// <summary>The event was loaded with these entries.</summary>
    public void Load(IEnumerable<WaitlistEntry> stored)
    {
        _waitlist = new Waitlist(stored);
        _committedLength = _waitlist.Length;
        _committed.Clear();
        foreach (var entry in stored)
        {
            if (_waitlist.Find(entry.UserId) is { } loaded)
            {
                _committed[entry.UserId] = Place(loaded);
            }
        }
    }

    /// <summary>Puts the user on the waitlist when the event cannot serve <paramref name="quantity"/>.</summary>
    public async Task<WaitlistAnswer> JoinAsync(Guid userId, int quantity, string? webhookUrl)
    {
        if (!state.Exists)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.EventNotFound);
        }

        // The entry is written in a batch shared with other requests: text the store refuses must fail this join alone.
        if (!StoredText.CanStore(webhookUrl))
        {
            return WaitlistAnswer.Of(WaitlistOutcome.UnstorableText);
        }

        if (state.IsBroken)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.Unavailable);
        }

        var now = state.Now;
        var live = state.Live;
        if (!BookingRules.IsBookable(live.Status, live.EventDate, now))
        {
            return WaitlistAnswer.Of(WaitlistOutcome.NotBookable);
        }

        PromoteOwed(now);
        live = state.Live;

        // The sale's window and waiting room gate the waitlist as they gate bookings: an entry outside the window could
        // never be claimed, and one without an admission would be a way around the queue.
        switch (live.Sale.PhaseAt(now))
        {
            case SalesPhase.NotOpen:
                return new WaitlistAnswer(WaitlistOutcome.SalesNotOpen, null, SalesStartAt: live.Sale.SalesStartAt);
            case SalesPhase.Closed:
                return WaitlistAnswer.Of(WaitlistOutcome.SalesClosed);
        }

        if (live.Sale.WaitingRoom is not null && !admissions.IsAdmitted(userId, now))
        {
            return WaitlistAnswer.Of(WaitlistOutcome.AdmissionRequired);
        }

        if (_waitlist.Find(userId) is { IsOpen: true })
        {
            return WaitlistAnswer.Of(WaitlistOutcome.AlreadyWaitlisted);
        }

        if (live.Seats.AvailableSeats >= quantity)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.SeatsAvailable);
        }

        if (claims.RemainingFor(live.Sale, userId, _waitlist.Find(userId)) is { } remaining && quantity > remaining)
        {
            return new WaitlistAnswer(WaitlistOutcome.TicketLimitReached, null, remaining);
        }

        var change = _waitlist.Join(state.Ids.NewId(now), userId, quantity, priorityScore: 0, webhookUrl, now)!;
        state.Filling.WaitlistChanges.Add(change);
        var fate = await state.Enlist();
        return ToAnswer(fate, userId);
    }

    /// <summary>
    /// The user's entry as committed: with its live position and promotion when memory holds it as committed; while a
    /// change of it is decided and not yet durable (a join, a promotion, a claim), as last committed, with the position
    /// it was written with. A reader is never shown an entry or a promotion that a failing batch takes back.
    /// </summary>
    public WaitlistAnswer Entry(Guid userId) =>
        !state.Exists ? WaitlistAnswer.Of(WaitlistOutcome.EventNotFound)
        : !_committed.TryGetValue(userId, out var committed) ? WaitlistAnswer.Of(WaitlistOutcome.NotOnWaitlist)
        : _waitlist.Find(userId) is { } entry && entry == committed.Entry ? new WaitlistAnswer(WaitlistOutcome.Ok, Place(entry))
        : new WaitlistAnswer(WaitlistOutcome.Ok, committed);

    /// <summary>One page of the entries in line, in promotion order with their positions; null when there is no event.</summary>
    public WaitlistPage? Page(int page, int pageSize)
    {
        if (!state.Exists)
        {
            return null;
        }

        var skip = (int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize);
        var items = _waitlist.Page(skip, pageSize).Select(p => new WaitlistPlace(p.Entry, p.Position)).ToList();
        return new WaitlistPage(items, _waitlist.Length);
    }

    /// <summary>Takes the user off the waitlist; held seats pass to the next in line.</summary>
    public async Task<WaitlistAnswer> LeaveAsync(Guid userId)
    {
        if (!state.Exists)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.EventNotFound);
        }

        if (state.IsBroken)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.Unavailable);
        }

        var ledger = state.Live.Seats;
        var change = _waitlist.Leave(userId, ref ledger);
        if (change is null)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.NotOnWaitlist);
        }

        state.Filling.WaitlistChanges.Add(change);
        SeatsFollow(change);
        state.ApplySeats(ledger);
        PromoteWaiting(state.Now);
        var enlisted = state.Enlist();
        schedule.Want();
        var fate = await enlisted;
        return fate == CommitFate.Committed
            ? new WaitlistAnswer(WaitlistOutcome.Ok, new WaitlistPlace(change.Entry, 0))
            : ToAnswer(fate, userId);
    }

    /// <summary>
    /// Suspends (the user's account was disabled: the entry stands out of line keeping its place, a promotion is released
    /// to the next in line at once, nobody is told) or resumes the user's entry. Idempotent; Ok when nothing was on the list.
    /// </summary>
    public async Task<WaitlistAnswer> ChangeStandingAsync(Guid userId, bool suspend)
    {
        if (!state.Exists)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.EventNotFound);
        }

        if (state.IsBroken)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.Unavailable);
        }

        var ledger = state.Live.Seats;
        var change = suspend ? _waitlist.Suspend(userId, ref ledger) : _waitlist.Resume(userId);
        if (change is null)
        {
            // Nothing to change as this activation sees it: an earlier call did it, or there is no open entry. A standing can
            // change back, so only an activation that is current may say so: a commit proves it (a twin activation may have
            // suspended or resumed the entry since this one loaded; then the commit fails and nothing was done).
            var open = _waitlist.Find(userId) is { IsOpen: true };
            var fate = await state.Enlist();
            return fate == CommitFate.Committed && !open
                ? WaitlistAnswer.Of(WaitlistOutcome.NotOnWaitlist)
                : ToAnswer(fate, userId);
        }

        state.Filling.WaitlistChanges.Add(change);
        SeatsFollow(change);
        state.ApplySeats(ledger);
        PromoteWaiting(state.Now);
        var enlisted = state.Enlist();
        schedule.Want();
        return ToAnswer(await enlisted, userId);
    }

    /// <summary>
    /// Decides the expiry of every promotion due by <paramref name="now"/> into the filling batch and promotes into the
    /// freed seats (also when none expired but <paramref name="seatsFreed"/>: holds expired just before); returns how many expired.
    /// </summary>
    public int ExpirePromotions(DateTimeOffset now, bool seatsFreed)
    {
        var ledger = state.Live.Seats;
        var expired = _waitlist.Expire(ref ledger, now);
        if (expired.Count == 0)
        {
            if (seatsFreed)
            {
                PromoteWaiting(now);
            }

            return 0;
        }

        foreach (var change in expired)
        {
            state.Filling.WaitlistChanges.Add(change);
            SeatsFollow(change);
            state.Notify([change.Entry], "promotion_expired", new { eventId = state.Id, eventName = state.Live.Name, quantity = change.Promotion!.Quantity });
        }

        state.ApplySeats(ledger);
        PromoteWaiting(now);
        return expired.Count;
    }

    /// <summary>
    /// Promotes waiting entries into free seats (first fit in queue order) and tells them. Nobody is promoted into seats
    /// they could not claim at once: never once the event is past or cancelled, never outside the sales window, and
    /// never past the user's per-user limit (such an entry keeps its place). Being promoted stands for the waiting room's
    /// admission, and a promotion made is kept until its window ends whatever changes since (see <see cref="SeatClaims.Refuse"/>).
    /// </summary>
    public void PromoteWaiting(DateTimeOffset now)
    {
        var live = state.Live;
        if (!BookingRules.IsBookable(live.Status, live.EventDate, now))
        {
            return;
        }

        // Outside the window the freed seats simply stay available (available + held + sold = capacity holds as ever):
        // nobody can buy them while sales are closed, and an edit that reopens the window runs a promotion round first.
        // Before the opening the round is owed: the first request once sales are open runs it (PromoteOwed).
        switch (live.Sale.PhaseAt(now))
        {
            case SalesPhase.NotOpen:
                _promotionOwed = true;
                return;
            case SalesPhase.Closed:
                return;
        }

        var ledger = live.Seats;
        var window = TimeSpan.FromMinutes(live.PromotionWindowMinutes);
        var promoted = _waitlist.Promote(ref ledger, window, now, () => state.Ids.NewId(now), MayClaim);
        foreach (var change in promoted)
        {
            state.Filling.WaitlistChanges.Add(change);
            SeatsFollow(change);
            state.Notify([change.Entry], "waitlist_promoted", new
            {
                eventId = state.Id,
                eventName = live.Name,
                quantity = change.Promotion!.Quantity,
                expiresAt = change.Promotion.ExpiresAt,
            });
        }

        if (promoted.Count > 0)
        {
            state.ApplySeats(ledger);
        }
    }

    /// <summary>
    /// Runs the promotion round owed since before the sale opened (or since this instance loaded), once sales are open:
    /// the line comes first for seats freed while nobody could buy, before the request that calls this is decided.
    /// </summary>
    public void PromoteOwed(DateTimeOffset now)
    {
        if (!_promotionOwed || state.Live.Sale.PhaseAt(now) != SalesPhase.Open)
        {
            return;
        }

        _promotionOwed = false;
        var changes = state.Filling.WaitlistChanges.Count;
        PromoteWaiting(now);
        if (state.Filling.WaitlistChanges.Count > changes)
        {
            // The promotions commit whatever the calling request's fate, so they enlist on their own.
            _ = state.Enlist();
            schedule.Want();
        }
    }

    /// <summary>The user books <paramref name="quantity"/> seats out of their promotion (see <see cref="Waitlist.BookHeld"/>).</summary>
    public WaitlistChange? BookHeld(Guid userId, int quantity, Guid bookingId, ref SeatLedger ledger) =>
        _waitlist.BookHeld(userId, quantity, bookingId, ref ledger);

    /// <summary>The event is cancelled: the waitlist closes, promotions give their seats back.</summary>
    public IReadOnlyList<WaitlistChange> Close(ref SeatLedger ledger) => _waitlist.Close(ref ledger);

    /// <summary>Tells one user, at the webhook their waitlist entry gave if they have one.</summary>
    public void NotifyUser(Guid userId, string kind, object payload) =>
        state.Notify(userId, _waitlist.Find(userId)?.WebhookUrl, kind, JsonSerializer.Serialize(payload));

    /// <summary>Seats the user holds and has not bought yet (checkout holds and an active promotion).</summary>
    public int HeldQuantity(Guid userId) => claims.HeldBy(userId, _waitlist.Find(userId));

    /// <summary>A batch leaves: its waitlist rows, and the length it leaves behind.</summary>
    public void Sealed(EventBatch batch, bool waitlistChanged)
    {
        WaitlistRows.Write(batch, _waitlist, state.Time);
        batch.WaitlistLengthAfter = waitlistChanged ? _waitlist.Length : _committedLength;
    }

    /// <summary>A batch is durable: its length is the committed one, its entries the ones reads show.</summary>
    public void Committed(EventBatch batch)
    {
        _committedLength = batch.WaitlistLengthAfter;
        foreach (var row in batch.WaitlistRows)
        {
            _committed[row.Entry.UserId] = new WaitlistPlace(row.Entry, row.Position);
        }
    }

    private bool MayClaim(WaitlistEntry entry) => claims.MayClaim(state.Live.Sale, entry, _waitlist.Find(entry.UserId));

    /// <summary>A waitlist change moves a promotion's seats (see <see cref="SeatInventory.Follow"/>).</summary>
    private void SeatsFollow(WaitlistChange change) => seats.Follow(change, state.Filling);

    private WaitlistAnswer ToAnswer(CommitFate fate, Guid userId) => fate switch
    {
        CommitFate.Committed when _waitlist.Find(userId) is { } entry => new WaitlistAnswer(WaitlistOutcome.Ok, Place(entry)),
        CommitFate.Unknown => WaitlistAnswer.Of(WaitlistOutcome.OutcomeUnknown),
        _ => WaitlistAnswer.Of(WaitlistOutcome.Unavailable),
    };

    private WaitlistPlace Place(WaitlistEntry entry) => new(entry, _waitlist.PositionOf(entry.UserId));
}
