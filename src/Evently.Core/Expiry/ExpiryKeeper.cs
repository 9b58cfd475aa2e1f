using Evently.Core.Ports;

namespace Evently.Core.Expiry;

/// <summary>
/// Keeps the in-memory timer and the durable reminder in step with the earliest promotion deadline. The core says
/// what it wants (<see cref="Want"/>, synchronously); one reconciling loop at a time makes the reminder match,
/// re-reading the wish after every await, so two callers can never undo each other. A batch holding promotions waits
/// for <see cref="EnsureAsync"/> before it commits. The reminder is removed only when no promotion is committed,
/// in flight or decided, and only by an activation that has just proved itself current; it is moved earlier when a
/// deadline comes closer, and a failed change is retried by the timer.
/// </summary>
internal sealed class ExpiryKeeper(Guid eventId, IExpiryPort port, TimeProvider time, ICommitObserver observer, Func<Task<bool>> confirmCurrent)
{
    /// <summary>Orleans' reminder period: a registered reminder ticks this often until removed.</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The smallest due time a reminder takes.</summary>
    public static readonly TimeSpan MinimumDue = TimeSpan.FromSeconds(1);

    /// <summary>How soon a failed registration is tried again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // The timer fires a little after the deadline so the promotion is certainly due when it runs.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(50);

    private DateTimeOffset? _wanted;

    // This activation registered the reminder (and knows it went through) and has not removed it since: only then does
    // _nextTick say when it fires. A tick alone proves nothing about now (it may be late, or repeated after a removal).
    private bool _registered;
    private DateTimeOffset? _nextTick;

    // A reminder may exist: one was registered or attempted, or a tick arrived (perhaps left by an earlier activation).
    private bool _mayExist;

    // After a removal that a later commit showed premature: put a reminder back even though this instance is broken.
    private bool _restore;
    private bool _running;

    // This activation has registered the reminder before: until then it cannot know what the reminder already covers.
    private bool _registeredOnce;

    // Every call to the reminder port runs alone, in order: a removal re-checks the wish under it, so it can never undo a
    // registration asked for after its check. Nothing that waits on a commit runs under it (a commit may wait on it).
    private Task _portTail = Task.CompletedTask;

    /// <summary>True while the last attempt to change the reminder failed and a retry is pending.</summary>
    public bool Failing { get; private set; }

    /// <summary>Asks for expiry at <paramref name="deadline"/> (null: no promotion anywhere).</summary>
    public void Want(DateTimeOffset? deadline)
    {
        _wanted = deadline;
        ArmTimer();
        if (!_running)
        {
            _running = true;
            _ = ReconcileAsync();
        }
    }

    /// <summary>
    /// Makes sure the durable reminder fires by <paramref name="deadline"/> (or as soon as a reminder can), and throws
    /// if it cannot: a promotion is committed only once its expiry survives a crash.
    /// </summary>
    public Task EnsureAsync(DateTimeOffset deadline) => ExclusiveAsync(async () =>
    {
        for (var attempt = 0; attempt < 3 && !Covers(deadline); attempt++)
        {
            await RegisterAsync(deadline);
        }

        if (!Covers(deadline))
        {
            throw new InvalidOperationException($"The expiry reminder of event {eventId} could not be registered to fire by {deadline:O}.");
        }
    });

    /// <summary>A reminder tick arrived: a reminder may exist; one this activation registered ticks again a period from now.</summary>
    public void Ticked()
    {
        _mayExist = true;
        if (_registered)
        {
            _nextTick = time.GetUtcNow() + ReminderPeriod;
        }
    }

    /// <summary>
    /// This instance stopped with a batch that failed. If it may have moved the reminder (for that batch, perhaps later
    /// than a deadline another activation committed), it sets the reminder to fire at once, so that a fresh activation
    /// loads what is really committed and schedules from that.
    /// </summary>
    public void Restore()
    {
        if (_mayExist)
        {
            _restore = true;
            Retry();
        }
    }

    /// <summary>Tries again a reminder change that failed or a restore (the timer's job, even on an instance that refuses work).</summary>
    public void Retry()
    {
        if ((Failing || _restore) && !_running)
        {
            _running = true;
            _ = ReconcileAsync();
        }
    }

    private bool Covers(DateTimeOffset deadline)
    {
        var now = time.GetUtcNow();
        return _registered && _nextTick is { } next && next <= (deadline > now ? deadline : now) + MinimumDue;
    }

    private void ArmTimer()
    {
        var at = _wanted;
        if (Failing)
        {
            var retry = time.GetUtcNow() + RetryAfter;
            at = at is null || retry < at ? retry : at;
        }

        port.ArmTimer(at is null ? null : Max(at.Value - time.GetUtcNow(), TimeSpan.Zero) + TimerSlack);
    }

    private async Task ReconcileAsync()
    {
        try
        {
            while (true)
            {
                if (_restore)
                {
                    await ExclusiveAsync(() => RegisterAsync(time.GetUtcNow()));
                    _restore = false;
                    break;
                }

                if (_wanted is { } wanted)
                {
                    if (Covers(wanted))
                    {
                        break;
                    }

                    await ExclusiveAsync(async () =>
                    {
                        if (_wanted is { } now && !Covers(now))
                        {
                            await RegisterAsync(now);
                        }
                    });
                    continue;
                }

                // A reminder left by an earlier activation is not known here: it is removed after its next tick.
                if (!_mayExist)
                {
                    break;
                }

                // Another activation of this event (a split brain) may have committed promotions this one never saw:
                // remove the reminder only after a commit proves this activation current.
                if (!await confirmCurrent())
                {
                    break;
                }

                var removed = false;
                await ExclusiveAsync(async () =>
                {
                    if (_wanted is null && _mayExist)
                    {
                        _registered = false;
                        _nextTick = null;
                        await port.UnregisterReminderAsync();
                        _mayExist = false;
                        removed = true;
                    }
                });

                // A second commit closes the window in which that other activation registered before our removal and
                // committed after our first check: if anyone committed since, put a reminder back for whoever is current.
                if (removed && !await confirmCurrent())
                {
                    _restore = true;
                }
            }

            Failing = false;
        }
#pragma warning disable CA1031 // a failed reminder change is retried by the timer, whatever the reminder service threw
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Whether the reminder changed is unknown (_registered stays false): the next attempt registers it again.
            Failing = true;
            observer.ReminderFailed(eventId, ex);
            ArmTimer();
        }
        finally
        {
            _running = false;
            if (_restore && !Failing)
            {
                Retry();
            }
        }
    }

    private async Task RegisterAsync(DateTimeOffset wanted)
    {
        var now = time.GetUtcNow();
        var due = Max((wanted > now ? wanted : now) - now, MinimumDue);

        // The reminder is the event's: a twin activation (a split brain) may have registered it for holds or promotions it
        // committed after this one loaded. A first registration never moves it later than a period from now; it ticks
        // every period after that, so whatever the twin committed is still covered.
        if (!_registeredOnce && due > ReminderPeriod)
        {
            due = ReminderPeriod;
        }

        _registered = false;
        _mayExist = true;
        await port.RegisterReminderAsync(due, ReminderPeriod);
        _registeredOnce = true;

        // The reminder service counts the due time from when it handled the call: at the latest, from now.
        _registered = true;
        _nextTick = time.GetUtcNow() + due;
    }

    private async Task ExclusiveAsync(Func<Task> work)
    {
        var previous = _portTail;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _portTail = done.Task;
        try
        {
            await previous;
            await work();
        }
        finally
        {
            done.SetResult();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
