using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Text;
using Evently.Domain.Waitlists;
using Evently.Core.Answers;
using Evently.Core.Batches;

namespace Evently.Core;

/// <summary>The waitlist: joining, leaving, promotions that hold seats, and their expiry by timer and reminder.</summary>
public sealed partial class EventCore
{
    // A promotion round was skipped because sales had not opened yet (or this instance has not run one since it loaded).
    private bool _promotionOwed = true;

    /// <summary>Puts the user on the waitlist when the event cannot serve <paramref name="quantity"/>.</summary>
    public async Task<WaitlistAnswer> JoinWaitlistAsync(Guid userId, int quantity, string? webhookUrl)
    {
        if (_live is null)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.EventNotFound);
        }

        // The entry is written in a batch shared with other requests: text the store refuses must fail this join alone.
        if (!StoredText.CanStore(webhookUrl))
        {
            return WaitlistAnswer.Of(WaitlistOutcome.UnstorableText);
        }

        if (IsBroken)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.Unavailable);
        }

        var now = _time.GetUtcNow();
        if (!BookingRules.IsBookable(_live.Status, _live.EventDate, now))
        {
            return WaitlistAnswer.Of(WaitlistOutcome.NotBookable);
        }

        PromoteOwed(now);

        // The sale's window and waiting room gate the waitlist as they gate bookings: an entry outside the window could
        // never be claimed, and one without an admission would be a way around the queue.
        switch (_live.Sale.PhaseAt(now))
        {
            case SalesPhase.NotOpen:
                return new WaitlistAnswer(WaitlistOutcome.SalesNotOpen, null, SalesStartAt: _live.Sale.SalesStartAt);
            case SalesPhase.Closed:
                return WaitlistAnswer.Of(WaitlistOutcome.SalesClosed);
        }

        if (_live.Sale.WaitingRoom is not null && !IsAdmitted(userId, now))
        {
            return WaitlistAnswer.Of(WaitlistOutcome.AdmissionRequired);
        }

        if (_waitlist.Find(userId) is { IsOpen: true })
        {
            return WaitlistAnswer.Of(WaitlistOutcome.AlreadyWaitlisted);
        }

        if (_live.Seats.AvailableSeats >= quantity)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.SeatsAvailable);
        }

        if (RemainingFor(userId) is { } remaining && quantity > remaining)
        {
            return new WaitlistAnswer(WaitlistOutcome.TicketLimitReached, null, remaining);
        }

        var change = _waitlist.Join(_ids.NewId(now), userId, quantity, priorityScore: 0, webhookUrl, now)!;
        _commits.Filling.WaitlistChanges.Add(change);
        var fate = await _commits.Enlist();
        return ToWaitlistAnswer(fate, userId);
    }

    /// <summary>The user's entry with its live position and promotion.</summary>
    public WaitlistAnswer GetWaitlistEntry(Guid userId) =>
        _live is null ? WaitlistAnswer.Of(WaitlistOutcome.EventNotFound)
        : _waitlist.Find(userId) is { } entry ? new WaitlistAnswer(WaitlistOutcome.Ok, Place(entry))
        : WaitlistAnswer.Of(WaitlistOutcome.NotOnWaitlist);

    /// <summary>
    /// One page of the entries in line, in promotion order with their positions, and how many are in line; null when
    /// there is no event. Costs O(log n + pageSize), whatever the page.
    /// </summary>
    public WaitlistPage? WaitlistPage(int page, int pageSize)
    {
        if (_live is null)
        {
            return null;
        }

        var skip = (int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize);
        var items = _waitlist.Page(skip, pageSize).Select(p => new WaitlistPlace(p.Entry, p.Position)).ToList();
        return new WaitlistPage(items, _waitlist.Length);
    }

    /// <summary>Takes the user off the waitlist; held seats pass to the next in line.</summary>
    public async Task<WaitlistAnswer> LeaveWaitlistAsync(Guid userId)
    {
        if (_live is null)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.EventNotFound);
        }

        if (IsBroken)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.Unavailable);
        }

        var seats = _live.Seats;
        var change = _waitlist.Leave(userId, ref seats);
        if (change is null)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.NotOnWaitlist);
        }

        _commits.Filling.WaitlistChanges.Add(change);
        SeatsFollow(change);
        ApplySeats(seats);
        PromoteWaiting(_time.GetUtcNow());
        var enlisted = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        var fate = await enlisted;
        return fate == CommitFate.Committed
            ? new WaitlistAnswer(WaitlistOutcome.Ok, new WaitlistPlace(change.Entry, 0))
            : ToWaitlistAnswer(fate, userId);
    }

    /// <summary>
    /// The user's account was disabled: their entry stands out of line (keeping its place) and a promotion they hold is
    /// released to the next in line at once. No notification is sent. Idempotent; Ok when nothing was on the list.
    /// </summary>
    public Task<WaitlistAnswer> SuspendUserAsync(Guid userId) => ChangeStandingAsync(userId, suspend: true);

    /// <summary>The user's account was enabled again: a suspended entry is back in line in its place. Idempotent.</summary>
    public Task<WaitlistAnswer> ResumeUserAsync(Guid userId) => ChangeStandingAsync(userId, suspend: false);

    private async Task<WaitlistAnswer> ChangeStandingAsync(Guid userId, bool suspend)
    {
        if (_live is null)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.EventNotFound);
        }

        if (IsBroken)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.Unavailable);
        }

        var seats = _live.Seats;
        var change = suspend ? _waitlist.Suspend(userId, ref seats) : _waitlist.Resume(userId);
        if (change is null)
        {
            // Nothing to change as this activation sees it: an earlier call did it, or there is no open entry. A standing can
            // change back, so only an activation that is current may say so: a commit proves it (a twin activation may have
            // suspended or resumed the entry since this one loaded; then the commit fails and nothing was done).
            var open = _waitlist.Find(userId) is { IsOpen: true };
            var fate = await _commits.Enlist();
            return fate == CommitFate.Committed && !open
                ? WaitlistAnswer.Of(WaitlistOutcome.NotOnWaitlist)
                : ToWaitlistAnswer(fate, userId);
        }

        _commits.Filling.WaitlistChanges.Add(change);
        SeatsFollow(change);
        ApplySeats(seats);
        PromoteWaiting(_time.GetUtcNow());
        var enlisted = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        return ToWaitlistAnswer(await enlisted, userId);
    }

    /// <summary>Expires the promotions and holds due now (the timer's and the reminder's work); returns how many it expired. Idempotent.</summary>
    public async Task<int> ExpireDueAsync()
    {
        if (_live is null || IsBroken)
        {
            _expiry.Retry();
            return 0;
        }

        var expired = ExpireDue(_time.GetUtcNow());
        if (expired > 0)
        {
            await _commits.Enlist();
        }

        if (!IsBroken)
        {
            _expiry.Want(WantedExpiry);
        }

        return expired;
    }

    /// <summary>The durable reminder ticked.</summary>
    public Task<int> ReminderTickedAsync()
    {
        _expiry.Ticked();
        return ExpireDueAsync();
    }

    /// <summary>Decides the expiry of every promotion and checkout hold due by <paramref name="now"/> into the filling batch.</summary>
    private int ExpireDue(DateTimeOffset now)
    {
        var holds = ExpireDueHolds(now);
        var seats = _live!.Seats;
        var expired = _waitlist.Expire(ref seats, now);
        if (expired.Count == 0)
        {
            if (holds > 0)
            {
                PromoteWaiting(now);
            }

            return holds;
        }

        foreach (var change in expired)
        {
            _commits.Filling.WaitlistChanges.Add(change);
            SeatsFollow(change);
            Notify([change.Entry], "promotion_expired", new { eventId = _id, eventName = _live.Name, quantity = change.Promotion!.Quantity });
        }

        ApplySeats(seats);
        PromoteWaiting(now);
        return expired.Count + holds;
    }

    /// <summary>
    /// Promotes waiting entries into free seats (first fit in queue order) and tells them. Nobody is promoted into seats
    /// they could not claim at once: never once the event is past or cancelled, never outside the sales window, and
    /// never past the user's per-user limit (such an entry keeps its place). Being promoted stands for the waiting room's
    /// admission, and a promotion made is kept until its window ends whatever changes since (see RefuseBySaleRules).
    /// </summary>
    private void PromoteWaiting(DateTimeOffset now)
    {
        if (!BookingRules.IsBookable(_live!.Status, _live.EventDate, now))
        {
            return;
        }

        // Outside the window the freed seats simply stay available (available + held + sold = capacity holds as ever):
        // nobody can buy them while sales are closed, and an edit that reopens the window runs a promotion round first.
        // Before the opening the round is owed: the first request once sales are open runs it (PromoteOwed).
        switch (_live.Sale.PhaseAt(now))
        {
            case SalesPhase.NotOpen:
                _promotionOwed = true;
                return;
            case SalesPhase.Closed:
                return;
        }

        var seats = _live.Seats;
        var window = TimeSpan.FromMinutes(_live.PromotionWindowMinutes);
        var promoted = _waitlist.Promote(ref seats, window, now, () => _ids.NewId(now), MayClaim);
        foreach (var change in promoted)
        {
            _commits.Filling.WaitlistChanges.Add(change);
            SeatsFollow(change);
            Notify([change.Entry], "waitlist_promoted", new
            {
                eventId = _id,
                eventName = _live.Name,
                quantity = change.Promotion!.Quantity,
                expiresAt = change.Promotion.ExpiresAt,
            });
        }

        if (promoted.Count > 0)
        {
            ApplySeats(seats);
        }
    }

    /// <summary>
    /// Runs the promotion round owed since before the sale opened (or since this instance loaded), once sales are open:
    /// the line comes first for seats freed while nobody could buy, before the request that calls this is decided.
    /// </summary>
    private void PromoteOwed(DateTimeOffset now)
    {
        if (!_promotionOwed || _live!.Sale.PhaseAt(now) != SalesPhase.Open)
        {
            return;
        }

        _promotionOwed = false;
        var changes = _commits.Filling.WaitlistChanges.Count;
        PromoteWaiting(now);
        if (_commits.Filling.WaitlistChanges.Count > changes)
        {
            // The promotions commit whatever the calling request's fate, so they enlist on their own.
            _ = _commits.Enlist();
            _expiry.Want(WantedExpiry);
        }
    }

    /// <summary>
    /// Turns a batch's waitlist changes into rows: each touched entry as it now stands, with its position now (0 out of
    /// line), and their promotions. Entries the batch did not touch are not written: their stored position is the one
    /// they had when last written, and the live position is derived from the queue key.
    /// </summary>
    private void WaitlistRows(EventBatch batch)
    {
        if (batch.WaitlistChanges.Count == 0)
        {
            return;
        }

        var written = new HashSet<Guid>();
        var now = _time.GetUtcNow();
        var promotions = new Dictionary<Guid, PromotionWrite>();
        foreach (var change in batch.WaitlistChanges)
        {
            var current = _waitlist.Find(change.Entry.UserId) ?? change.Entry;
            if (written.Add(current.Id))
            {
                batch.WaitlistRows.Add(new WaitlistWrite(current, _waitlist.PositionOf(current.UserId)));
            }

            if (change.Promotion is not { } p)
            {
                continue;
            }

            var (status, booking) = change.Kind switch
            {
                WaitlistChangeKind.Promoted => ("active", (Guid?)null),
                WaitlistChangeKind.Booked => ("booked", change.Entry.BookingId),
                WaitlistChangeKind.Expired => ("expired", null),
                _ => ("released", null),
            };
            var isNew = change.Kind == WaitlistChangeKind.Promoted || (promotions.TryGetValue(p.Id, out var earlier) && earlier.IsNew);
            promotions[p.Id] = new PromotionWrite(p.Id, change.Entry.Id, p.Quantity, p.PromotedAt, p.ExpiresAt, status, booking,
                change.Kind == WaitlistChangeKind.Promoted ? null : now, isNew);
        }

        batch.Promotions.AddRange(promotions.Values);
    }

    private WaitlistAnswer ToWaitlistAnswer(CommitFate fate, Guid userId) => fate switch
    {
        CommitFate.Committed when _waitlist.Find(userId) is { } entry => new WaitlistAnswer(WaitlistOutcome.Ok, Place(entry)),
        CommitFate.Unknown => WaitlistAnswer.Of(WaitlistOutcome.OutcomeUnknown),
        _ => WaitlistAnswer.Of(WaitlistOutcome.Unavailable),
    };

    private WaitlistPlace Place(WaitlistEntry entry) => new(entry, _waitlist.PositionOf(entry.UserId));
}
