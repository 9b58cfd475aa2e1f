using Evently.Contracts.Events;
using Evently.Contracts.Queues;
using Evently.Core.Queues;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Evently.Grains.Queues;

/// <summary>
/// One event's waiting room: an adapter over <see cref="WaitingRoomHost"/> (which owns the room, its writes and the
/// hand-off of admissions to the event grain). This grain maps calls to the wire, ticks the room with a grain timer,
/// keeps a reminder that wakes it after a crash (registered before the room stores an admission: durable time, as for
/// the event's expiry; a join does not wait for it), and lets the activation go when the room is idle or must reload.
/// </summary>
[Reentrant]
public sealed partial class WaitingRoomGrain(IQueueStore store, TimeProvider time, ILogger<WaitingRoomGrain> logger) : Grain, IWaitingRoomGrain, IRemindable
{
    private const string WakeReminder = "waiting-room";
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);

    private WaitingRoomHost? _host;
    private int _ticks;
    private bool _reminding;
    private bool _timing;
    private DateTimeOffset _lookedAt;
    private Task? _opening;
    private Task? _registering;

    private Guid EventId => this.GetPrimaryKey();

    private WaitingRoomHost Host => _host ??= new WaitingRoomHost(EventId, store, time,
        admissions => GrainFactory.GetGrain<IEventGrain>(EventId).AdmitAsync(admissions.Select(a => new Admission(a.UserId, a.Until)).ToList()))
    {
        WriteFailed = ex => LogWriteFailed(logger, EventId, ex),
        HandOffFailed = ex => LogPushFailed(logger, EventId, ex),
        EnsureWakeUp = WakeUpAsync,
    };

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>
    /// Whether the event has a waiting room. An activation that found none looks again at most once a second, when
    /// asked: an admin may add the room to an event later (<c>PATCH</c>), and this activation must not miss it.
    /// </summary>
    private async Task<bool> HasRoomAsync()
    {
        if (Host.Room is not null)
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

        return Host.Room is not null;
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        _lookedAt = time.GetUtcNow();
        await Host.OpenAsync(cancellationToken);
        if (Host.Room is null || _timing)
        {
            return;
        }

        _timing = true;
        _reminding = Host.HasEntries;
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
            return QueueResult.Of(Host.EventExists ? QueueOutcome.NotOpen : QueueOutcome.EventNotFound);
        }

        if (Host.Broken)
        {
            DeactivateOnIdle();
        }
        else
        {
            EnsureReminder();
        }

        var (result, place) = await Host.JoinAsync(userId, webhookUrl);
        if (Host.Broken)
        {
            // Memory may be ahead of the store: the next call reloads it.
            DeactivateOnIdle();
        }

        return result switch
        {
            JoinResult.Joined => new QueueResult(QueueOutcome.Joined, View(place!)),
            JoinResult.Found => new QueueResult(QueueOutcome.Found, View(place!)),
            JoinResult.NotOpen => QueueResult.Of(QueueOutcome.NotOpen),
            JoinResult.OutcomeUnknown => QueueResult.Of(QueueOutcome.OutcomeUnknown),
            _ => QueueResult.Of(QueueOutcome.Unavailable),
        };
    }

    /// <inheritdoc />
    public async Task<QueueResult> FindAsync(Guid userId) =>
        !await HasRoomAsync() ? QueueResult.Of(Host.EventExists ? QueueOutcome.NotInQueue : QueueOutcome.EventNotFound)
        : await Host.FindAsync(userId) is { } place ? new QueueResult(QueueOutcome.Found, View(place))
        : QueueResult.Of(QueueOutcome.NotInQueue);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Admission>> GetAdmissionsAsync() =>
        (_host?.Room is null ? [] : await Host.AdmissionsAsync()).Select(a => new Admission(a.UserId, a.Until)).ToList();

    /// <inheritdoc />
    public Task<string> GetHostAsync() => Task.FromResult(this.RuntimeIdentity);

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private QueueView View(QueuePlace place) =>
        new(EventId, place.Status, place.Position, place.EstimatedWaitSeconds,
            place.Status == QueueEntry.Waiting ? null : place.Entry.AdmittedUntil, place.Entry.JoinedAt);

    private async Task TickAsync()
    {
        if (Host.Room is null)
        {
            return;
        }

        if (Host.Broken)
        {
            DeactivateOnIdle();
            return;
        }

        var now = time.GetUtcNow();
        if (++_ticks % 50 == 0)
        {
            await Host.RefreshSettingsAsync();
        }

        if (Host.HasEntries)
        {
            EnsureReminder();
        }

        if (_ticks % 50 == 0 && Host.IsIdle())
        {
            // Nothing left to admit or expire: free the memory; a join or the reminder brings the room back.
            if (Host.SalesEndAt <= now && _reminding && _registering is not { IsCompleted: false })
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

        await Host.TickAsync();
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

    /// <summary>Awaited before a write that stores admissions: the reminder that wakes the room after a crash must be registered first.</summary>
    private async Task WakeUpAsync()
    {
        while (!_reminding)
        {
            EnsureReminder();
            var registering = _registering!;
            await registering;
            if (!_reminding && registering == _registering)
            {
                throw new InvalidOperationException($"The wake-up reminder of the waiting room of event {EventId} could not be registered.");
            }
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

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Waiting room of event {EventId} could not write; it reloads")]
    private static partial void LogWriteFailed(ILogger logger, Guid eventId, Exception exception);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Waiting room of event {EventId} could not hand admissions to the event; retrying")]
    private static partial void LogPushFailed(ILogger logger, Guid eventId, Exception exception);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Waiting room of event {EventId} could not register its wake-up reminder; retrying")]
    private static partial void LogReminderFailed(ILogger logger, Guid eventId, Exception exception);
}
