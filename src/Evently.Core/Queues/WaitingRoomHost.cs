using System.Text.Json;
using Evently.Core.Batches;
using Evently.Core.Commit;
using Evently.Core.Ports;
using Evently.Domain.Notifications;

namespace Evently.Core.Queues;

/// <summary>
/// One event's waiting room with its I/O, without Orleans: a <see cref="WaitingRoom"/> whose changes are group-committed
/// to the store by the same <see cref="CommitShell{TBatch}"/> as the event's (every change since the last write in one
/// transaction, a large draw in parts, one write in flight while the next fills), whose admissions are
/// stored with their <c>admitted</c> notification and then handed to the event, and whose answers are read only from
/// what is durable. An admission is shown only once the event knows it (the booking path checks it there); a failed
/// hand-off is retried on every tick. Every write checks the room's version: of two activations over one store (a
/// split brain), the stale one fails its write and must be reloaded. A join is answered by what became of the write
/// that carried its entry: joined, unavailable (nothing written) or outcome unknown. The grain is an adapter around it (activation,
/// timer, reminder, wire); the simulation drives it directly.
/// </summary>
public sealed class WaitingRoomHost(Guid eventId, IQueueStore store, TimeProvider time, Func<IReadOnlyList<(Guid UserId, DateTimeOffset Until)>, Task> handOff)
{
    // Rows per transaction: 5,000 entries write in well under the 2 s command timeout even on a starved machine.
    private const int MaxRowsPerWrite = 5_000;

    // What is durable, as far as this activation knows.
    private readonly Dictionary<Guid, QueueEntry> _stored = [];

    // What answers read: the durable entries, except that an admission the event does not know yet reads as waiting.
    private readonly Dictionary<Guid, QueueEntry> _shown = [];
    private readonly List<QueueEntry> _toAnnounce = [];

    // Stored admissions not yet handed to the event, oldest first.
    private readonly List<QueueEntry> _unpushed = [];

    // Users whose entries went out in a write whose outcome is unknown.
    private readonly HashSet<Guid> _inDoubt = [];
    // Users whose entries are in the write in flight.
    private readonly HashSet<Guid> _sending = [];
    private WaitingRoom? _room;
    private CommitShell<RoomBatch>? _commits;
    private Task? _handingOff;

    /// <summary>Rows per transaction (tests make it small).</summary>
    public int MaxRows { get; init; } = MaxRowsPerWrite;

    /// <summary>The room, once opened (null while the event has none).</summary>
    public WaitingRoom? Room => _room;

    /// <summary>True when the event exists (as of the last look).</summary>
    public bool EventExists { get; private set; }

    /// <summary>When the event's sales end (as of the last look).</summary>
    public DateTimeOffset SalesEndAt { get; private set; }

    /// <summary>True once a write failed: memory may be ahead of the store, so the host must be reloaded.</summary>
    public bool Broken => _commits is { Stopped: true };

    /// <summary>True when some entry is stored.</summary>
    public bool HasEntries => _stored.Count > 0;

    /// <summary>The room's version as of this activation's last load or write.</summary>
    public long Version => _commits?.Version ?? 0;

    /// <summary>Called when a write fails (for logging).</summary>
    public Action<Exception>? WriteFailed { get; init; }

    /// <summary>
    /// Awaited before a write that stores admissions: what wakes the room after a crash (the grain's reminder) must be
    /// durable before an admission is stored that only the room hands to the event (and after which the next slots
    /// follow). A throw fails the write with nothing written. Joins do not wait for it: a silo's reminder service may take
    /// many seconds to start, and a waiting entry needs no tick until the opening.
    /// </summary>
    public Func<Task>? EnsureWakeUp { get; init; }

    /// <summary>Called when a hand-off to the event fails (for logging).</summary>
    public Action<Exception>? HandOffFailed { get; init; }

    /// <summary>Loads the sale and, when it has a waiting room (and none is open yet), the room's stored entries.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        var sale = await store.LoadSaleAsync(eventId, cancellationToken);
        EventExists = sale is not null;
        if (sale?.WaitingRoom is not { } settings || _room is not null)
        {
            return;
        }

        var stored = await store.LoadAsync(eventId, cancellationToken);
        var now = time.GetUtcNow();
        _commits = new CommitShell<RoomBatch>(() => new RoomBatch(), WriteAsync, time, stored.Version)
        {
            Seal = Seal,
            BeforeCommit = batch => batch.Notifications.Count > 0 && EnsureWakeUp is { } wakeUp ? wakeUp() : Task.CompletedTask,
            Committed = (batch, _) => Stored(batch),
            Failed = Failed,
        };
        foreach (var entry in stored.Entries)
        {
            _stored[entry.UserId] = entry;
            if (entry.StatusAt(now) == QueueEntry.Admitted)
            {
                // Whether the event heard of it before the last activation ended is unknown: hand it over again.
                _unpushed.Add(entry);
                _shown[entry.UserId] = NotYetAdmitted(entry);
            }
            else
            {
                _shown[entry.UserId] = entry;
            }
        }

        _unpushed.Sort((a, b) => Nullable.Compare(a.AdmittedAt, b.AdmittedAt));
        _room = new WaitingRoom(settings, sale.SalesStartAt, stored.Entries);
        SalesEndAt = sale.SalesEndAt;
    }

    /// <summary>Puts the user in the room; answered once durable.</summary>
    public async Task<(JoinResult Result, QueuePlace? Place)> JoinAsync(Guid userId, string? webhookUrl)
    {
        if (Broken)
        {
            return (JoinResult.Unavailable, null);
        }

        if (_room!.Join(userId, webhookUrl, time.GetUtcNow()) is not { } joined)
        {
            return (JoinResult.NotOpen, null);
        }

        // Told by what became of its own entry: a large change goes out in parts (and a part may carry later joins too),
        // so its part may have been stored before another failed, or be the part whose answer was lost.
        if ((!_stored.ContainsKey(userId) || joined.Created) && await WrittenAsync([userId]) != CommitFate.Committed
            && !(_stored.TryGetValue(userId, out var stored) && stored.Seq == joined.Entry.Seq))
        {
            return (_inDoubt.Contains(userId) ? JoinResult.OutcomeUnknown : JoinResult.Unavailable, null);
        }

        return (joined.Created ? JoinResult.Joined : JoinResult.Found, await FindAsync(userId));
    }

    /// <summary>
    /// The user's place as durable, or null when they never joined. A stored admission the event has not heard of yet
    /// is handed over first (a new activation has not yet told the event what the last one stored), so that it shows.
    /// </summary>
    public async Task<QueuePlace?> FindAsync(Guid userId)
    {
        if (_unpushed.Exists(e => e.UserId == userId))
        {
            await HandOffAsync();
        }

        return Find(userId);
    }

    /// <summary>The user's place as durable, or null when they never joined.</summary>
    public QueuePlace? Find(Guid userId) =>
        _shown.TryGetValue(userId, out var entry) ? _room!.Place(entry, time.GetUtcNow()) : null;

    /// <summary>
    /// Admissions valid now, as stored (for an event that has just activated: once it has them, it knows them). Read from
    /// the store, not from memory: in a split brain this activation may be the stale twin, which never heard of what the
    /// other one stored and handed to an earlier event activation (docs/reliability.md).
    /// </summary>
    public async Task<IReadOnlyList<(Guid UserId, DateTimeOffset Until)>> AdmissionsAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.LoadAsync(eventId, cancellationToken);
        var now = time.GetUtcNow();
        return stored.Entries.Where(e => e.StatusAt(now) == QueueEntry.Admitted).Select(e => (e.UserId, e.AdmittedUntil!.Value)).ToList();
    }

    /// <summary>Takes the stored settings (an admin may change the pace, or the opening before the draw).</summary>
    public async Task RefreshSettingsAsync()
    {
        if (await store.LoadSaleAsync(eventId) is { WaitingRoom: { } settings } sale)
        {
            _room!.Configure(settings, sale.SalesStartAt);
            SalesEndAt = sale.SalesEndAt;
        }
    }

    /// <summary>True when nothing is left to admit, write, hand off or expire: the host may be let go.</summary>
    public bool IsIdle()
    {
        var now = time.GetUtcNow();
        return _room is { Drawn: true, Waiting: 0, HasChanges: false } && _unpushed.Count == 0 && _commits is null or { Idle: true }
            && !_stored.Values.Any(e => e.StatusAt(now) == QueueEntry.Admitted);
    }

    /// <summary>
    /// Moves the room to now, writes what changed and hands stored admissions to the event (failures are reported, not
    /// thrown: a failed hand-off is tried again on the next tick).
    /// </summary>
    public async Task TickAsync()
    {
        if (_room is null || Broken)
        {
            return;
        }

        _toAnnounce.AddRange(_room.Tick(time.GetUtcNow()));
        if (_room.HasChanges)
        {
            // A failed write is reported by the shell (and the host is broken): the stored admissions still go out.
            await WrittenAsync(_room.ChangedUsers.ToHashSet());
        }

        await HandOffAsync();
    }

    /// <summary>An admission the event may not know yet, as it may be shown: still waiting, its place taken.</summary>
    private static QueueEntry NotYetAdmitted(QueueEntry admitted) =>
        admitted with { Status = QueueEntry.Waiting, AdmittedAt = null, AdmittedUntil = null };

    /// <summary>
    /// Enlists in the room's writes until the entries of <paramref name="users"/>, as changed so far, are written (each
    /// write takes the next part of the line, see <see cref="WaitingRoom.TakeDirty"/>), and returns the last write's
    /// fate: committed once they are all stored, or what the first failed write told.
    /// </summary>
    private async Task<CommitFate> WrittenAsync(ICollection<Guid> users)
    {
        while (true)
        {
            var fate = await _commits!.Enlist();

            if (fate != CommitFate.Committed)
            {
                return fate;
            }

            // Not taken yet, or taken by the write that left since this one committed, or by one that failed since (its
            // users are no longer in flight, but nothing after it is written): enlist again, and hear that write's fate.
            if (!_commits.Stopped && !users.Any(u => _room!.ChangedUsers.Contains(u) || _sending.Contains(u)))
            {
                return fate;
            }
        }
    }

    /// <summary>A write leaves: the next part of what changed, in line order, with the notifications of its admissions.</summary>
    private void Seal(RoomBatch batch)
    {
        var entries = _room!.TakeDirty(MaxRows);
        _sending.Clear();
        _sending.UnionWith(entries.Select(e => e.UserId));
        var admitted = _toAnnounce.Where(a => _sending.Contains(a.UserId)).ToList();
        _toAnnounce.RemoveAll(a => _sending.Contains(a.UserId));
        batch.Entries = entries;
        batch.Notifications = admitted.Select(Notification).ToList();
    }

    /// <summary>Writes one batch under the room's version; a batch with nothing in it writes nothing.</summary>
    private Task<long> WriteAsync(RoomBatch batch, long expectedVersion) =>
        batch.Entries.Count == 0 && batch.Notifications.Count == 0
            ? Task.FromResult(expectedVersion)
            : store.SaveAsync(eventId, expectedVersion, batch.Entries, batch.Notifications);

    /// <summary>A write is durable: its entries are what is stored, and admissions wait to be handed to the event.</summary>
    private void Stored(RoomBatch batch)
    {
        _sending.Clear();
        foreach (var entry in batch.Entries)
        {
            _stored[entry.UserId] = entry;
            _unpushed.RemoveAll(e => e.UserId == entry.UserId);
            if (entry.Status == QueueEntry.Admitted)
            {
                _unpushed.Add(entry);
                _shown[entry.UserId] = NotYetAdmitted(entry);
            }
            else
            {
                _shown[entry.UserId] = entry;
            }
        }
    }

    /// <summary>A write failed: memory is ahead of the store (reload rather than guess); a lost answer leaves its users in doubt.</summary>
    private void Failed(RoomBatch batch, CommitFate fate, Exception exception)
    {
        if (fate == CommitFate.Unknown)
        {
            _inDoubt.UnionWith(batch.Entries.Select(e => e.UserId));
        }

        _sending.Clear();
        WriteFailed?.Invoke(exception);
    }

    /// <summary>
    /// Hands stored admissions to the event, which checks them on the booking path; only then are they shown. Kept for
    /// the next tick if the event cannot be reached. One hand-off at a time, in admission order.
    /// </summary>
    private Task HandOffAsync() => _handingOff is { IsCompleted: false } inFlight ? inFlight : _handingOff = HandOffNowAsync();

    private async Task HandOffNowAsync()
    {
        var now = time.GetUtcNow();
        if (_unpushed.Count == 0)
        {
            return;
        }

        // An admission over before the event heard of it is of no use to anyone: it reads as what it is, expired.
        foreach (var over in _unpushed.Where(e => e.AdmittedUntil <= now).ToList())
        {
            _unpushed.Remove(over);
            _shown[over.UserId] = over;
        }

        var admissions = _unpushed.ToList();
        if (admissions.Count == 0)
        {
            return;
        }

        try
        {
            await handOff(admissions.Select(e => (e.UserId, e.AdmittedUntil!.Value)).ToList());
            foreach (var entry in admissions)
            {
                // Unless the entry changed meanwhile (a new write put its successor in place).
                if (_unpushed.Remove(entry))
                {
                    _shown[entry.UserId] = entry;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            HandOffFailed?.Invoke(ex);
        }
    }

    private OutboxMessage Notification(QueueEntry admitted)
    {
        var now = time.GetUtcNow();
        var payload = JsonSerializer.Serialize(new { eventId, admittedUntil = admitted.AdmittedUntil });
        return new OutboxMessage(new BucketIds(eventId).NewId(now), admitted.UserId, NotificationKinds.Admitted, payload, admitted.WebhookUrl, now);
    }
}
