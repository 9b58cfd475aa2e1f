using System.Text.Json;
using Evently.Contracts.Events;
using Evently.Contracts.Queues;
using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Core.Queues;
using Evently.Domain.Notifications;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Evently.Grains.Queues;

/// <summary>
/// One event's waiting room: a thin adapter over <see cref="WaitingRoom"/>. Joins and admissions are group-committed to
/// <c>queue_entries</c> on the event's shard (every change since the last write, in one statement), so thousands of
/// joins a second cost a few transactions, not a hot row. A join is answered once durable. Each admission is stored
/// with its <c>admitted</c> notification (outbox, same transaction), then pushed to the event grain, which checks it in
/// memory on the booking path; only then is it shown. A grain timer ticks the room; a reminder wakes it after a crash.
/// </summary>
[Reentrant]
public sealed partial class WaitingRoomGrain(IQueueStore store, TimeProvider time, ILogger<WaitingRoomGrain> logger) : Grain, IWaitingRoomGrain, IRemindable
{
    private const string WakeReminder = "waiting-room";
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);

    // Rows per transaction: 5,000 entries write in well under the 2 s command timeout even on a starved machine.
    private const int MaxRowsPerWrite = 5_000;

    // What is durable (and pushed): every answer is read from here, so nothing is shown that a crash could take back.
    private readonly Dictionary<Guid, QueueEntry> _committed = [];
    private readonly List<QueueEntry> _toAnnounce = [];
    private readonly List<Admission> _unpushed = [];
    private WaitingRoom? _room;
    private bool _eventExists;
    private bool _broken;
    private TaskCompletionSource? _next;
    private Task? _writing;
    private int _ticks;
    private bool _reminding;
    private DateTimeOffset _lookedAt;
    private Task? _opening;
    private Task? _registering;
    private DateTimeOffset _salesEndAt;

    private Guid EventId => this.GetPrimaryKey();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>
    /// Whether the event has a waiting room. An activation that found none looks again at most once a second, when
    /// asked: an admin may add the room to an event later (<c>PATCH</c>), and this activation must not miss it.
    /// </summary>
    private async Task<bool> HasRoomAsync()
    {
        if (_room is not null)
        {
            return true;
        }

        if (time.GetUtcNow() - _lookedAt >= TimeSpan.FromSeconds(1))
        {
            try
            {
                await (_opening ??= OpenAsync(CancellationToken.None));
            }
            finally
            {
                _opening = null;
            }
        }

        return _room is not null;
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        _lookedAt = time.GetUtcNow();
        var sale = await store.LoadSaleAsync(EventId, cancellationToken);
        _eventExists = sale is not null;
        if (sale?.WaitingRoom is not { } settings || _room is not null)
        {
            return;
        }

        var entries = await store.LoadAsync(EventId, cancellationToken);
        foreach (var entry in entries)
        {
            _committed[entry.UserId] = entry;
        }

        _room = new WaitingRoom(settings, sale.SalesStartAt, entries);
        _salesEndAt = sale.SalesEndAt;
        _reminding = entries.Count > 0;
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { Interleave = true, KeepAlive = true });
    }

    /// <inheritdoc />
    public async Task<QueueResult> JoinAsync(Guid userId, string? webhookUrl)
    {
        // The room writes its joins together: text the store refuses must fail this join alone, before it is taken in.
        if (!Domain.Text.StoredText.CanStore(webhookUrl))
        {
            return QueueResult.Of(QueueOutcome.UnstorableText);
        }

        if (!await HasRoomAsync())
        {
            return QueueResult.Of(_eventExists ? QueueOutcome.NotOpen : QueueOutcome.EventNotFound);
        }

        if (_broken)
        {
            return QueueResult.Of(QueueOutcome.Unavailable);
        }

        if (_room!.Join(userId, webhookUrl, time.GetUtcNow()) is not { } joined)
        {
            return QueueResult.Of(QueueOutcome.NotOpen);
        }

        EnsureReminder();
        if (!_committed.ContainsKey(userId) || joined.Created)
        {
            try
            {
                await WriteAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return QueueResult.Of(QueueOutcome.Unavailable);
            }
        }

        return new QueueResult(joined.Created ? QueueOutcome.Joined : QueueOutcome.Found, View(userId));
    }

    /// <inheritdoc />
    public async Task<QueueResult> FindAsync(Guid userId) =>
        !await HasRoomAsync() ? QueueResult.Of(_eventExists ? QueueOutcome.NotInQueue : QueueOutcome.EventNotFound)
        : View(userId) is { } view ? new QueueResult(QueueOutcome.Found, view)
        : QueueResult.Of(QueueOutcome.NotInQueue);

    /// <inheritdoc />
    public Task<IReadOnlyList<Admission>> GetAdmissionsAsync()
    {
        var now = time.GetUtcNow();
        IReadOnlyList<Admission> valid = _committed.Values.Where(e => e.StatusAt(now) == QueueEntry.Admitted)
            .Select(e => new Admission(e.UserId, e.AdmittedUntil!.Value)).ToList();
        return Task.FromResult(valid);
    }

    /// <inheritdoc />
    public Task<string> GetHostAsync() => Task.FromResult(this.RuntimeIdentity);

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private QueueView? View(Guid userId)
    {
        if (!_committed.TryGetValue(userId, out var entry))
        {
            return null;
        }

        var place = _room!.Place(entry, time.GetUtcNow());
        return new QueueView(EventId, place.Status, place.Position, place.EstimatedWaitSeconds,
            place.Status == QueueEntry.Waiting ? null : entry.AdmittedUntil, entry.JoinedAt);
    }

    private async Task TickAsync()
    {
        if (_room is null || _broken)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (++_ticks % 50 == 0 && await store.LoadSaleAsync(EventId) is { WaitingRoom: { } settings } sale)
        {
            // An admin may change the pace (or the opening, before the draw).
            _room.Configure(settings, sale.SalesStartAt);
            _salesEndAt = sale.SalesEndAt;
        }

        if (_committed.Count > 0)
        {
            EnsureReminder();
        }

        _toAnnounce.AddRange(_room.Tick(now));
        if (_ticks % 50 == 0 && _room.Drawn && _room.Waiting == 0 && !_room.HasChanges && _unpushed.Count == 0 && _writing is null
            && !_committed.Values.Any(e => e.StatusAt(now) == QueueEntry.Admitted))
        {
            // Nothing left to admit or expire: free the memory; a join or the reminder brings the room back.
            if (_salesEndAt <= now && _reminding && _registering is not { IsCompleted: false })
            {
                _reminding = false;
                if (await this.GetReminder(WakeReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }
            }

            DeactivateOnIdle();
            return;
        }

        if (_room.HasChanges || _unpushed.Count > 0)
        {
            try
            {
                await WriteAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogWriteFailed(logger, EventId, ex);
            }
        }
    }

    /// <summary>
    /// Starts registering the wake-up reminder unless it is registered or being registered. Not awaited by a join: a silo's
    /// reminder service may take many seconds to start, and registering waits for it; until it is done the timer keeps
    /// the room going, and each tick retries a failed registration.
    /// </summary>
    private void EnsureReminder()
    {
        if (!_reminding && _registering is not { IsCompleted: false })
        {
            _registering = RegisterReminderAsync();
        }
    }

    private async Task RegisterReminderAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(WakeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminding = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReminderFailed(logger, EventId, ex);
        }
    }

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
                    // Everything changed so far, in transactions of at most MaxRowsPerWrite entries, each the next part
                    // of the line (see WaitingRoom.TakeDirty): the draw of a large pre-queue is not one statement that
                    // could outlast the command timeout again and again.
                    // Answered once what was changed before it is stored (not whatever joins arrive meanwhile).
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
                    _broken = true;
                    DeactivateOnIdle();
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
        if (_broken)
        {
            throw new InvalidOperationException("The waiting room failed to write and is reloading.");
        }

        var entries = _room!.TakeDirty(MaxRowsPerWrite);
        var users = entries.Select(e => e.UserId).ToHashSet();
        var admitted = _toAnnounce.Where(a => users.Contains(a.UserId)).ToList();
        _toAnnounce.RemoveAll(a => users.Contains(a.UserId));
        if (entries.Count == 0 && admitted.Count == 0)
        {
            return users;
        }

        await store.SaveAsync(EventId, entries, admitted.Select(Notification).ToList());
        _unpushed.AddRange(admitted.Select(a => new Admission(a.UserId, a.AdmittedUntil!.Value)));
        await PushAsync();
        foreach (var entry in entries)
        {
            _committed[entry.UserId] = entry;
        }

        return users;
    }

    /// <summary>Hands stored admissions to the event grain; kept for the next tick if it cannot be reached.</summary>
    private async Task PushAsync()
    {
        if (_unpushed.Count == 0)
        {
            return;
        }

        var admissions = _unpushed.ToList();
        try
        {
            await GrainFactory.GetGrain<IEventGrain>(EventId).AdmitAsync(admissions);
            _unpushed.RemoveRange(0, admissions.Count);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPushFailed(logger, EventId, ex);
        }
    }

    private OutboxMessage Notification(QueueEntry admitted)
    {
        var now = time.GetUtcNow();
        var payload = JsonSerializer.Serialize(new { eventId = EventId, admittedUntil = admitted.AdmittedUntil });
        return new OutboxMessage(new BucketIds(EventId).NewId(now), admitted.UserId, NotificationKinds.Admitted, payload, admitted.WebhookUrl, now);
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Waiting room of event {EventId} could not write; it reloads")]
    private static partial void LogWriteFailed(ILogger logger, Guid eventId, Exception exception);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Waiting room of event {EventId} could not hand admissions to the event; retrying")]
    private static partial void LogPushFailed(ILogger logger, Guid eventId, Exception exception);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Waiting room of event {EventId} could not register its wake-up reminder; retrying")]
    private static partial void LogReminderFailed(ILogger logger, Guid eventId, Exception exception);
}
