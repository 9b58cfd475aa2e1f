using Evently.Domain.Events;
using Evently.Domain.Waitlists;
using Evently.Core.Answers;
using Evently.Core.Batches;

namespace Evently.Core;

/// <summary>The waitlist: joining, leaving, promotions that hold seats, and their expiry by timer and reminder.</summary>
public sealed partial class EventCore
{
    /// <summary>Puts the user on the waitlist when the event cannot serve <paramref name="quantity"/>.</summary>
    public async Task<WaitlistAnswer> JoinWaitlistAsync(Guid userId, int quantity, string? webhookUrl)
    {
        if (_live is null)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.EventNotFound);
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

        if (_waitlist.Find(userId) is { IsOpen: true })
        {
            return WaitlistAnswer.Of(WaitlistOutcome.AlreadyWaitlisted);
        }

        if (_live.Seats.AvailableSeats >= quantity)
        {
            return WaitlistAnswer.Of(WaitlistOutcome.SeatsAvailable);
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

    /// <summary>Open entries in promotion order, or null when there is no event.</summary>
    public IReadOnlyList<WaitlistPlace>? OpenWaitlist() =>
        _live is null ? null : _waitlist.Open.Select((e, i) => new WaitlistPlace(e, i + 1)).ToList();

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
        ApplySeats(seats);
        PromoteWaiting(_time.GetUtcNow());
        var enlisted = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        var fate = await enlisted;
        return fate == CommitFate.Committed
            ? new WaitlistAnswer(WaitlistOutcome.Ok, new WaitlistPlace(change.Entry, 0))
            : ToWaitlistAnswer(fate, userId);
    }

    /// <summary>Expires the promotions due now (the timer's and the reminder's work); returns how many it expired. Idempotent.</summary>
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

    /// <summary>Decides the expiry of every promotion due by <paramref name="now"/> into the filling batch.</summary>
    private int ExpireDue(DateTimeOffset now)
    {
        var seats = _live!.Seats;
        var expired = _waitlist.Expire(ref seats, now);
        if (expired.Count == 0)
        {
            return 0;
        }

        foreach (var change in expired)
        {
            _commits.Filling.WaitlistChanges.Add(change);
            Notify([change.Entry], "promotion_expired", new { eventId = _id, eventName = _live.Name, quantity = change.Promotion!.Quantity });
        }

        ApplySeats(seats);
        PromoteWaiting(now);
        return expired.Count;
    }

    /// <summary>Promotes waiting entries into free seats (first fit in queue order) and tells them; never once the event is past or cancelled.</summary>
    private void PromoteWaiting(DateTimeOffset now)
    {
        if (!BookingRules.IsBookable(_live!.Status, _live.EventDate, now))
        {
            return;
        }

        var seats = _live.Seats;
        var window = TimeSpan.FromMinutes(_live.PromotionWindowMinutes);
        var promoted = _waitlist.Promote(ref seats, window, now, () => _ids.NewId(now));
        foreach (var change in promoted)
        {
            _commits.Filling.WaitlistChanges.Add(change);
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

    /// <summary>Turns a batch's waitlist changes into rows: every open entry with its dense position, the touched ones, their promotions.</summary>
    private void WaitlistRows(EventBatch batch)
    {
        if (batch.WaitlistChanges.Count == 0)
        {
            return;
        }

        var position = 0;
        var written = new HashSet<Guid>();
        foreach (var entry in _waitlist.Open)
        {
            batch.WaitlistRows.Add(new WaitlistWrite(entry, ++position));
            written.Add(entry.Id);
        }

        var now = _time.GetUtcNow();
        var promotions = new Dictionary<Guid, PromotionWrite>();
        foreach (var change in batch.WaitlistChanges)
        {
            var current = _waitlist.Find(change.Entry.UserId) ?? change.Entry;
            if (written.Add(current.Id))
            {
                batch.WaitlistRows.Add(new WaitlistWrite(current, 0));
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
