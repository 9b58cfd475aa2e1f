using System.Text.Json;
using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;

namespace Evently.Core.Machine;

/// <summary>
/// What every part of one event's machine shares: the event as committed and as live (decided, running ahead of the
/// committed one), the group-commit pipeline every decision enlists in, and the one guard that says whether this
/// activation may still decide (<see cref="IsBroken"/>): the first failed batch, or memory found to disagree with the
/// store (<see cref="Fail"/>), stops it for good and the host must load a fresh one. Parts ask this guard; none keeps
/// its own.
/// </summary>
internal sealed class EventState
{
    private readonly EventHooks _hooks;
    private EventRecord? _committed;
    private EventRecord? _live;
    private GroupCommit _commits;
    private SettledMemory? _settled;
    private bool _broken;

    public EventState(Guid id, IEventStore store, TimeProvider time, EventCoreOptions options, ICommitObserver observer, IEventIds ids, EventHooks hooks)
    {
        Id = id;
        Store = store;
        Time = time;
        Options = options;
        Observer = observer;
        Ids = ids;
        _hooks = hooks;
        _commits = NewPipeline(0);
    }

    /// <summary>Raised once, when this activation can no longer go on.</summary>
    public event Action? Broken;

    public Guid Id { get; }

    public IEventStore Store { get; }

    public TimeProvider Time { get; }

    public EventCoreOptions Options { get; }

    public ICommitObserver Observer { get; }

    public IEventIds Ids { get; }

    /// <summary>The core's clock, read in the deciding turn.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>True once the event exists (loaded or created).</summary>
    public bool Exists => _live is not null;

    /// <summary>The event as decided in memory; only read once <see cref="Exists"/>.</summary>
    public EventRecord Live
    {
        get => _live!;
        set => _live = value;
    }

    /// <summary>The event as last committed, or null when it does not exist.</summary>
    public EventRecord? Committed => _committed;

    /// <summary>
    /// True once a batch failed or memory was found to disagree with the store: every new call is refused (what is
    /// already decided still commits or fails) until a fresh instance is loaded.
    /// </summary>
    public bool IsBroken => _broken;

    /// <summary>The batch decisions enlist in now.</summary>
    public EventBatch Filling => _commits.Filling;

    /// <summary>The store's version as of the last commit.</summary>
    public long Version => _commits.Version;

    /// <summary>Requests decided and not yet answered.</summary>
    public int Pending => _commits.Pending;

    /// <summary>The group-commit statistics of this instance.</summary>
    public CommitStats Stats => new(_commits.Batches, _commits.BatchedRequests, _commits.LargestBatch, _commits.FailedBatches);

    /// <summary>Records settled for good, and the store reads under way that may miss them.</summary>
    public SettledMemory Settled => _settled ??= new(() => _commits.Version);

    /// <summary>The event is loaded or created: it is live and committed as <paramref name="record"/>, and batches commit on top of its version.</summary>
    public void Begin(EventRecord record)
    {
        _committed = _live = record;
        _commits = NewPipeline(record.Version);
    }

    /// <summary>Adds one request to the filling batch and returns the batch's fate (see <see cref="GroupCommit.Enlist"/>).</summary>
    public Task<CommitFate> Enlist() => _commits.Enlist();

    /// <summary>The fate of everything enlisted so far, without enlisting anything (see <see cref="GroupCommit.Settled"/>).</summary>
    public Task<CommitFate> SettledFate() => _commits.Settled();

    /// <summary>Commits an empty batch: true when this instance is still the event's writer.</summary>
    public async Task<bool> ConfirmCurrentAsync() => !IsBroken && await _commits.Enlist() == CommitFate.Committed;

    /// <summary>Memory no longer matches the store: refuse new work; what is already decided still commits or fails.</summary>
    public void Fail(Exception exception)
    {
        _broken = true;
        Observer.Failed(Id, 0, CommitFate.NotCommitted, exception);
        Broken?.Invoke();
    }

    /// <summary>
    /// Moves the live event to new seats and, under demand pricing, to the price those seats call for, recording a
    /// price change in the filling batch (applied by <c>system</c>) and telling the waitlist.
    /// </summary>
    public void ApplySeats(SeatLedger seats)
    {
        var live = _live! with { Seats = seats };
        var price = Options.Pricing.PriceFor(live.PricingPolicy, live.BasePrice, seats);
        if (price != live.Price)
        {
            var now = Now;
            Filling.PriceChanges.Add(new PriceChange(Ids.NewId(now), live.Price, price,
                price > live.Price ? "demand step up" : "demand step down", "system", now));
            Notify(_hooks.PriceWatchers(), "price_changed", new { eventId = live.Id, eventName = live.Name, oldPrice = live.Price, newPrice = price });
            live = live with { Price = price };
        }

        _live = live;
    }

    /// <summary>Tells each of <paramref name="recipients"/>, in the filling batch's outbox.</summary>
    public void Notify(IEnumerable<WaitlistEntry> recipients, string kind, object payload)
    {
        var json = JsonSerializer.Serialize(payload);
        foreach (var entry in recipients)
        {
            Notify(entry.UserId, entry.WebhookUrl, kind, json);
        }
    }

    /// <summary>Tells one user, in the filling batch's outbox.</summary>
    public void Notify(Guid userId, string? webhookUrl, string kind, string json)
    {
        var now = Now;
        Filling.Notifications.Add(new OutboxMessage(Ids.NewId(now), userId, kind, json, webhookUrl, now));
    }

    private GroupCommit NewPipeline(long version) => new(Store, Time, version)
    {
        Seal = Seal,
        BeforeCommit = _hooks.BeforeCommit,
        Committed = OnCommitted,
        Failed = OnFailed,
    };

    /// <summary>The batch leaves for the store: the event as it now stands, and the rows the parts add.</summary>
    private void Seal(EventBatch batch)
    {
        batch.Event = _live! with { UpdatedAt = Now };
        _hooks.Seal(batch);
    }

    private void OnCommitted(EventBatch batch, TimeSpan elapsed)
    {
        _committed = batch.Event with { Version = _commits.Version };
        _live = _live! with { Version = _committed.Version, UpdatedAt = _committed.UpdatedAt };
        _hooks.Committed(batch, elapsed);
    }

    private void OnFailed(EventBatch batch, CommitFate fate, Exception exception)
    {
        // Memory holds decisions that may never be durable; the reminder is left alone (it may guard committed promotions).
        _broken = true;
        _live = _committed;
        _hooks.Failed();
        Observer.Failed(Id, batch.Requests, fate, exception);
        Broken?.Invoke();
    }
}
