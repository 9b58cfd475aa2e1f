using System.Text.Json;
using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Domain.Notifications;

namespace Evently.Core.Queues;

/// <summary>
/// One event's waiting room with its I/O, without Orleans: a <see cref="WaitingRoom"/> whose changes are group-committed
/// to the store (every change since the last write in one transaction, a large draw in parts), whose admissions are
/// stored with their <c>admitted</c> notification and then handed to the event, and whose answers are read only from
/// what is durable. An admission is shown only once the event knows it (the booking path checks it there); a failed
/// hand-off is retried on every tick. Every write checks the room's version: of two activations over one store (a
/// split brain), the stale one fails its write and must be reloaded. The grain is an adapter around it (activation,
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
    private WaitingRoom? _room;
    private long _version;
    private Task? _handingOff;
    private TaskCompletionSource? _next;
    private Task? _writing;

    /// <summary>Rows per transaction (tests make it small).</summary>
    public int MaxRows { get; init; } = MaxRowsPerWrite;

    /// <summary>The room, once opened (null while the event has none).</summary>
    public WaitingRoom? Room => _room;

    /// <summary>True when the event exists (as of the last look).</summary>
    public bool EventExists { get; private set; }

    /// <summary>When the event's sales end (as of the last look).</summary>
    public DateTimeOffset SalesEndAt { get; private set; }

    /// <summary>True once a write failed: memory may be ahead of the store, so the host must be reloaded.</summary>
    public bool Broken { get; private set; }

    /// <summary>True when some entry is stored.</summary>
    public bool HasEntries => _stored.Count > 0;

    /// <summary>The room's version as of this activation's last load or write.</summary>
    public long Version => _version;

    /// <summary>Called when a write fails (for logging).</summary>
    public Action<Exception>? WriteFailed { get; init; }

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
        _version = stored.Version;
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

        if (!_stored.ContainsKey(userId) || joined.Created)
        {
            try
            {
                await WriteAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Told by what became of its own entry: a large write goes out in parts (and a part may carry later joins
                // too), so its part may have been stored before another failed, or be the part whose answer was lost.
                if (!(_stored.TryGetValue(userId, out var stored) && stored.Seq == joined.Entry.Seq))
                {
                    return (_inDoubt.Contains(userId) ? JoinResult.OutcomeUnknown : JoinResult.Unavailable, null);
                }
            }
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

    /// <summary>Admissions valid now, as durable (for an event that has just activated: once it has them, it knows them).</summary>
    public IReadOnlyList<(Guid UserId, DateTimeOffset Until)> Admissions()
    {
        var now = time.GetUtcNow();
        return _stored.Values.Where(e => e.StatusAt(now) == QueueEntry.Admitted).Select(e => (e.UserId, e.AdmittedUntil!.Value)).ToList();
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
        return _room is { Drawn: true, Waiting: 0, HasChanges: false } && _unpushed.Count == 0 && _writing is null
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
            try
            {
                await WriteAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                WriteFailed?.Invoke(ex);
            }
        }

        await HandOffAsync();
    }

    /// <summary>What a failed write's requests may be told.</summary>
    private static CommitFate Fate(Exception ex) =>
        ex is EventStoreException { Failure: StoreFailure.NotCommitted or StoreFailure.Conflict } ? CommitFate.NotCommitted : CommitFate.Unknown;

    /// <summary>An admission the event may not know yet, as it may be shown: still waiting, its place taken.</summary>
    private static QueueEntry NotYetAdmitted(QueueEntry admitted) =>
        admitted with { Status = QueueEntry.Waiting, AdmittedAt = null, AdmittedUntil = null };

    /// <summary>Joins the next write of every change so far (one transaction for all of them).</summary>
    private Task WriteAsync()
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = _next.Task;
        if (_writing is null)
        {
            // The loop may finish before it returns (a pooled connection and a fast database complete every await at
            // once): its finally has then already cleared _writing, and a finished task kept here would stop every
            // later write from starting, hanging each join that waits for one.
            var loop = WriteLoopAsync();
            _writing = loop.IsCompleted ? null : loop;
        }

        return written;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (_next is { } batch)
            {
                _next = null;
                try
                {
                    // Everything changed so far, in transactions of at most MaxRows entries, each the next part of the
                    // line (see WaitingRoom.TakeDirty): the draw of a large pre-queue is not one statement that could
                    // outlast the command timeout again and again. Answered once what was changed before it is stored
                    // (not whatever joins arrive meanwhile).
                    var pending = _room!.ChangedUsers.ToHashSet();
                    do
                    {
                        var written = await WriteChunkAsync();
                        if (written.Count == 0)
                        {
                            break;
                        }

                        pending.ExceptWith(written);
                    }
                    while (pending.Count > 0);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Memory is ahead of the store: reload it rather than guess.
                    Broken = true;
                    batch.SetException(ex);
                    continue;
                }

                batch.SetResult();
            }
        }
        finally
        {
            _writing = null;
        }
    }

    private async Task<HashSet<Guid>> WriteChunkAsync()
    {
        if (Broken)
        {
            throw new EventStoreException(StoreFailure.NotCommitted, "The waiting room failed to write and is reloading.");
        }

        var entries = _room!.TakeDirty(MaxRows);
        var users = entries.Select(e => e.UserId).ToHashSet();
        var admitted = _toAnnounce.Where(a => users.Contains(a.UserId)).ToList();
        _toAnnounce.RemoveAll(a => users.Contains(a.UserId));
        if (entries.Count == 0 && admitted.Count == 0)
        {
            return users;
        }

        try
        {
            _version = await store.SaveAsync(eventId, _version, entries, admitted.Select(Notification).ToList());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && Fate(ex) == CommitFate.Unknown)
        {
            _inDoubt.UnionWith(users);
            throw;
        }
        foreach (var entry in entries)
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

        return users;
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
