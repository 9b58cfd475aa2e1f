using System.Text.Json;
using Evently.Contracts.Waitlists;
using Evently.Domain.Events;
using Evently.Domain.Sharding;
using Evently.Domain.Waitlists;
using Evently.Persistence.Storage;

namespace Evently.Grains.Events;

/// <summary>The waitlist: joining, leaving, promotions that hold seats, and their expiry by timer and reminder.</summary>
public sealed partial class EventGrain : IRemindable
{
    private const string ExpiryReminder = "promotion-expiry";
    private IGrainTimer? _expiryTimer;
    private bool _reminderRegistered;

    /// <inheritdoc />
    public async Task<WaitlistResult> JoinWaitlistAsync(Guid userId, int quantity, string? webhookUrl)
    {
        if (_live is null)
        {
            return WaitlistResult.Of(WaitlistOutcome.EventNotFound);
        }

        if (_broken)
        {
            return WaitlistResult.Of(WaitlistOutcome.Unavailable);
        }

        var now = time.GetUtcNow();
        if (!BookingRules.IsBookable(_live.Status, _live.EventDate, now))
        {
            return WaitlistResult.Of(WaitlistOutcome.NotBookable);
        }

        if (_waitlist.Find(userId) is { IsOpen: true })
        {
            return WaitlistResult.Of(WaitlistOutcome.AlreadyWaitlisted);
        }

        if (_live.Seats.AvailableSeats >= quantity)
        {
            return WaitlistResult.Of(WaitlistOutcome.SeatsAvailable);
        }

        var change = _waitlist.Join(NewId(), userId, quantity, priorityScore: 0, webhookUrl, now)!;
        _filling.WaitlistChanges.Add(change);
        return await Enlist(_filling)
            ? new WaitlistResult(WaitlistOutcome.Ok, View(_waitlist.Find(userId)!))
            : WaitlistResult.Of(WaitlistOutcome.Unavailable);
    }

    /// <inheritdoc />
    public Task<WaitlistResult> GetWaitlistEntryAsync(Guid userId) =>
        Task.FromResult(_live is null
            ? WaitlistResult.Of(WaitlistOutcome.EventNotFound)
            : _waitlist.Find(userId) is { } entry
                ? new WaitlistResult(WaitlistOutcome.Ok, View(entry))
                : WaitlistResult.Of(WaitlistOutcome.NotOnWaitlist));

    /// <inheritdoc />
    public async Task<WaitlistResult> LeaveWaitlistAsync(Guid userId)
    {
        if (_live is null)
        {
            return WaitlistResult.Of(WaitlistOutcome.EventNotFound);
        }

        if (_broken)
        {
            return WaitlistResult.Of(WaitlistOutcome.Unavailable);
        }

        var seats = _live.Seats;
        var change = _waitlist.Leave(userId, ref seats);
        if (change is null)
        {
            return WaitlistResult.Of(WaitlistOutcome.NotOnWaitlist);
        }

        _filling.WaitlistChanges.Add(change);
        ApplySeats(seats);
        PromoteWaiting();
        var done = Enlist(_filling);
        await ScheduleExpiryAsync();
        return await done ? new WaitlistResult(WaitlistOutcome.Ok, View(change.Entry)) : WaitlistResult.Of(WaitlistOutcome.Unavailable);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WaitlistEntryView>?> GetWaitlistAsync() =>
        Task.FromResult<IReadOnlyList<WaitlistEntryView>?>(_live is null ? null : _waitlist.Open.Select(View).ToList());

    /// <inheritdoc />
    public async Task<int> ExpireDuePromotionsAsync()
    {
        if (_live is null || _broken)
        {
            return 0;
        }

        var seats = _live.Seats;
        var expired = _waitlist.Expire(ref seats, time.GetUtcNow());
        if (expired.Count > 0)
        {
            foreach (var change in expired)
            {
                _filling.WaitlistChanges.Add(change);
                Notify([change.Entry], "promotion_expired", new { eventId = _live.Id, eventName = _live.Name, quantity = change.Promotion!.Quantity });
            }

            ApplySeats(seats);
            PromoteWaiting();
            await Enlist(_filling);
        }

        await ScheduleExpiryAsync();
        return expired.Count;
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Ticks may repeat after a failover: expiring is idempotent, and an idle reminder unregisters itself.
        if (reminderName == ExpiryReminder)
        {
            _reminderRegistered = true;
            await ExpireDuePromotionsAsync();
        }
    }

    /// <summary>Promotes waiting entries into free seats (first fit in queue order) and notifies them.</summary>
    private void PromoteWaiting()
    {
        var seats = _live!.Seats;
        var window = TimeSpan.FromMinutes(_live.PromotionWindowMinutes);
        var promoted = _waitlist.Promote(ref seats, window, time.GetUtcNow(), NewId);
        foreach (var change in promoted)
        {
            _filling.WaitlistChanges.Add(change);
            Notify([change.Entry], "waitlist_promoted", new
            {
                eventId = _live.Id,
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
    /// Keeps a grain timer at the earliest promotion deadline while this activation lives, and a durable
    /// reminder as the backstop that wakes the event after a deactivation or a silo crash.
    /// </summary>
    private async Task ScheduleExpiryAsync()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        var next = _waitlist.NextExpiry;
        if (next is null)
        {
            // Only when this activation knows of a reminder: a leftover one from an earlier activation unregisters
            // itself at its next tick (see ReceiveReminder), so activations cost no reminder lookup.
            if (_reminderRegistered)
            {
                if (await this.GetReminder(ExpiryReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }

                _reminderRegistered = false;
            }

            return;
        }

        var due = next.Value - time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        _expiryTimer = this.RegisterGrainTimer(() => ExpireDuePromotionsAsync(), new GrainTimerCreationOptions(due + TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan) { Interleave = true });
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due, TimeSpan.FromMinutes(1));
            _reminderRegistered = true;
        }
    }

    private void Notify(IEnumerable<WaitlistEntry> recipients, string kind, object payload)
    {
        var json = JsonSerializer.Serialize(payload);
        var now = time.GetUtcNow();
        foreach (var entry in recipients)
        {
            _filling.Notifications.Add(new OutboxMessage(NewId(), entry.UserId, kind, json, entry.WebhookUrl, now));
        }
    }

    /// <summary>Turns a batch's waitlist changes into the rows to write: every open entry with its dense position, promotions as they now stand.</summary>
    private void WaitlistRows(CommitBatch batch, EventState target)
    {
        if (batch.WaitlistChanges.Count == 0)
        {
            return;
        }

        var position = 0;
        var written = new HashSet<Guid>();
        foreach (var entry in _waitlist.Open)
        {
            target.WaitlistRows.Add(new WaitlistWrite(entry, ++position));
            written.Add(entry.Id);
        }

        var now = time.GetUtcNow();
        foreach (var change in batch.WaitlistChanges)
        {
            var current = _waitlist.Find(change.Entry.UserId) ?? change.Entry;
            if (written.Add(current.Id))
            {
                target.WaitlistRows.Add(new WaitlistWrite(current, 0));
            }

            if (change.Promotion is { } p)
            {
                var (status, booking) = change.Kind switch
                {
                    WaitlistChangeKind.Promoted => ("active", (Guid?)null),
                    WaitlistChangeKind.Booked => ("booked", change.Entry.BookingId),
                    WaitlistChangeKind.Expired => ("expired", null),
                    _ => ("released", null),
                };
                target.Promotions.RemoveAll(r => r.Id == p.Id);
                target.Promotions.Add(new PromotionWrite(p.Id, change.Entry.Id, p.Quantity, p.PromotedAt, p.ExpiresAt, status, booking,
                    change.Kind == WaitlistChangeKind.Promoted ? null : now));
            }
        }
    }

    private WaitlistEntryView View(WaitlistEntry entry) => new(
        entry.Id, _live!.Id, entry.UserId, _waitlist.PositionOf(entry.UserId), entry.Quantity, entry.PriorityScore, entry.Status, entry.JoinedAt,
        entry.Status == WaitlistStatus.Promoted && entry.Promotion is { } p ? new PromotionView(p.Id, p.ExpiresAt, p.Quantity) : null);

    private Guid NewId() => Buckets.MintId(Buckets.Of(_live!.Id), time.GetUtcNow());
}
