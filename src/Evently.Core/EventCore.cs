using System.Text.Json;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;
using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Holds;
using Evently.Core.Seating;
using Evently.Core.Ports;
using Evently.Core.Sales;

namespace Evently.Core;

/// <summary>
/// One event's decisions: seats, price, waitlist and promotions, idempotency keys and pending requests. The host runs
/// every call on one logical thread but interleaves calls at each <c>await</c> (an Orleans <c>[Reentrant]</c> grain), so
/// every decision is made and enlisted in the filling batch within one synchronous turn, and whatever an await
/// brought back is re-checked against what is true now. Nobody is answered before their batch's fate is known; the
/// first failed batch stops this instance for good (<see cref="IsBroken"/>): the host must load a fresh one.
/// </summary>
public sealed partial class EventCore
{
    private readonly Guid _id;
    private readonly IEventStore _store;
    private readonly TimeProvider _time;
    private readonly EventCoreOptions _options;
    private readonly ICommitObserver _observer;
    private readonly IEventIds _ids;
    private readonly ExpiryKeeper _expiry;
    private readonly KeyMemory<Booking, BookingAnswer> _keys;
    private EventRecord? _committed;
    private EventRecord? _live;
    private Waitlist _waitlist = new();
    private GroupCommit _commits;
    private DateTimeOffset? _committedNextExpiry;
    private DateTimeOffset? _inFlightNextExpiry;
    private int _committedWaitlistLength;
    private bool _creating;

    /// <summary>A core for event <paramref name="eventId"/>; call <see cref="ActivateAsync"/> before anything else.</summary>
    public EventCore(
        Guid eventId, IEventStore store, IExpiryPort expiry, TimeProvider time, EventCoreOptions? options = null,
        ICommitObserver? observer = null, IEventIds? ids = null)
    {
        _id = eventId;
        _store = store;
        _time = time;
        _options = options ?? new EventCoreOptions();
        _observer = observer ?? NoObserver.Instance;
        _ids = ids ?? new BucketIds(eventId);
        _seats = new SeatInventory(eventId);
        _saleRules = new SaleRules(_admissions);
        _expiry = new ExpiryKeeper(eventId, expiry, time, _observer, ConfirmCurrentAsync);
        _commits = NewPipeline(0);
        _keys = new KeyMemory<Booking, BookingAnswer>(keys => store.FindKeyedBookingsAsync(eventId, keys), b => (b.UserId, b.IdempotencyKey!),
            time, _options, () => _commits.Version);
    }

    /// <summary>Raised once, when a failed batch leaves this instance unable to go on: the host should deactivate it.</summary>
    public event Action? Broken;

    /// <summary>True once a batch failed: every call is refused until a fresh instance is loaded.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>The event's id.</summary>
    public Guid Id => _id;

    /// <summary>The event as last committed, or null when it does not exist.</summary>
    public EventRecord? Committed => _committed;

    /// <summary>True while a failed reminder change waits for its retry.</summary>
    public bool ExpiryFailing => _expiry.Failing;

    /// <summary>The group-commit statistics of this instance.</summary>
    public CommitStats Stats => new(_commits.Batches, _commits.BatchedRequests, _commits.LargestBatch, _commits.FailedBatches);

    /// <summary>Requests decided and not yet answered.</summary>
    public int Pending => _commits.Pending;

    /// <summary>Idempotency keys held in memory (bounded by the options' window and count).</summary>
    public int RememberedKeys => _keys.Count;

    /// <summary>Loads the event from the store; expires promotions that ran out meanwhile and schedules the rest.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _store.LoadAsync(_id, cancellationToken);
        if (stored is null)
        {
            return;
        }

        _committed = _live = stored.Event;
        _waitlist = new Waitlist(stored.Waitlist);
        _saleRules.Load(stored.SeatsByUser);
        _holds.Load(stored.Holds);
        if (_seats.Load(stored.Seating, stored.SeatOwners, stored.Event.Seats) is { } disagreement)
        {
            Fail(new InvalidOperationException(disagreement));
        }

        _committedNextExpiry = NextDeadline;
        _committedWaitlistLength = _waitlist.Length;
        _commits = NewPipeline(stored.Event.Version);
        _ = ExpireDueAsync();
    }

    /// <summary>Creates the event.</summary>
    public async Task<EventAnswer> CreateAsync(NewEvent command)
    {
        if (_live is not null || _creating)
        {
            return EventAnswer.Of(EventOutcome.AlreadyExists);
        }

        var now = _time.GetUtcNow();
        var record = new EventRecord(_id, command.OrganizerId, command.Name, command.Description, command.Venue, command.EventDate,
            SeatLedger.ForCapacity(command.TotalCapacity), command.Price, command.Price, command.PricingPolicy, command.Draft ? EventStatus.Draft : EventStatus.Published,
            command.PromotionWindowMinutes, 1, now, now, command.Sale ?? SaleSettings.Default(now, command.EventDate), command.HoldMinutes);
        _creating = true;
        try
        {
            await _store.CreateAsync(record);
        }
        finally
        {
            _creating = false;
        }

        _committed = _live = record;
        _commits = NewPipeline(record.Version);
        return new EventAnswer(EventOutcome.Ok, View());
    }

    /// <summary>The event as committed (what its ETag stands for), or null.</summary>
    public EventView? Get() => _committed is null ? null : View();

    private EventView View() =>
        new(_committed!, BookingRules.VisibleStatus(_committed!.Status, _committed.EventDate, _time.GetUtcNow()), _committedWaitlistLength);

    /// <summary>The earliest deadline any promotion or hold has: committed, in the batch being committed, or decided since.</summary>
    private DateTimeOffset? WantedExpiry => Earliest(Earliest(_committedNextExpiry, _inFlightNextExpiry), NextDeadline);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private GroupCommit NewPipeline(long version) => new(_store, _time, version)
    {
        Seal = Seal,
        BeforeCommit = EnsureExpiryAsync,
        Committed = OnCommitted,
        Failed = OnFailed,
    };

    /// <summary>The batch leaves for the store: the event as it now stands and the waitlist and hold rows its changes touched.</summary>
    private void Seal(EventBatch batch)
    {
        batch.Event = _live! with { UpdatedAt = _time.GetUtcNow() };

        // Only a batch that changed the waitlist pays for walking it; the booking hot path usually does not.
        var waitlistChanged = batch.WaitlistChanges.Count > 0;
        WaitlistRows(batch);
        HoldBook.MergeRows(batch);
        SeatInventory.MergeRows(batch);
        batch.NextExpiryAfter = waitlistChanged || batch.Holds.Count > 0 ? NextDeadline : _committedNextExpiry;
        batch.WaitlistLengthAfter = waitlistChanged ? _waitlist.Length : _committedWaitlistLength;
        _inFlightNextExpiry = batch.NextExpiryAfter;
    }

    /// <summary>Commits an empty batch: true when this instance is still the event's writer.</summary>
    private async Task<bool> ConfirmCurrentAsync() => !IsBroken && await _commits.Enlist() == CommitFate.Committed;

    /// <summary>A batch that holds promotions or holds commits only once the reminder that expires them is registered.</summary>
    private Task EnsureExpiryAsync(EventBatch batch)
    {
        if (batch.NextExpiryAfter is not { } deadline)
        {
            return Task.CompletedTask;
        }

        _expiry.Want(WantedExpiry);
        return _expiry.EnsureAsync(deadline);
    }

    private void OnCommitted(EventBatch batch, TimeSpan elapsed)
    {
        _committed = batch.Event with { Version = _commits.Version };
        _live = _live! with { Version = _committed.Version, UpdatedAt = _committed.UpdatedAt };
        foreach (var cancelled in batch.Cancellations)
        {
            _cancelled[cancelled.Id] = cancelled;
        }

        _pendingEdits -= batch.Edits;
        _committedNextExpiry = batch.NextExpiryAfter;
        _inFlightNextExpiry = null;
        _committedWaitlistLength = batch.WaitlistLengthAfter;
        _holds.Committed(batch);
        _seats.Committed(batch);
        SettledCommitted(batch);
        _observer.Committed(batch, batch.Requests, elapsed);
        if (batch.WaitlistChanges.Count > 0 || batch.Holds.Count > 0)
        {
            _expiry.Want(WantedExpiry);
        }
    }

    private void OnFailed(EventBatch batch, CommitFate fate, Exception exception)
    {
        // Memory holds decisions that may never be durable; the reminder is left alone (it may guard committed promotions).
        IsBroken = true;
        _live = _committed;
        _expiry.Restore();
        _observer.Failed(_id, batch.Requests, fate, exception);
        Broken?.Invoke();
    }

    /// <summary>
    /// Moves the live event to new seats and, under demand pricing, to the price those seats call for, recording a
    /// price change in the filling batch (applied by <c>system</c>) and telling the waitlist.
    /// </summary>
    private void ApplySeats(SeatLedger seats)
    {
        var live = _live! with { Seats = seats };
        var price = _options.Pricing.PriceFor(live.PricingPolicy, live.BasePrice, seats);
        if (price != live.Price)
        {
            var now = _time.GetUtcNow();
            _commits.Filling.PriceChanges.Add(new PriceChange(_ids.NewId(now), live.Price, price,
                price > live.Price ? "demand step up" : "demand step down", "system", now));
            Notify(_waitlist.Open, "price_changed", new { eventId = live.Id, eventName = live.Name, oldPrice = live.Price, newPrice = price });
            live = live with { Price = price };
        }

        _live = live;
    }

    private void Notify(IEnumerable<WaitlistEntry> recipients, string kind, object payload)
    {
        var json = JsonSerializer.Serialize(payload);
        foreach (var entry in recipients)
        {
            Notify(entry.UserId, entry.WebhookUrl, kind, json);
        }
    }

    private void Notify(Guid userId, string? webhookUrl, string kind, string json)
    {
        var now = _time.GetUtcNow();
        _commits.Filling.Notifications.Add(new OutboxMessage(_ids.NewId(now), userId, kind, json, webhookUrl, now));
    }
}
