using Evently.Core.Ports;

namespace Evently.Core;

/// <summary>
/// Keeps the in-memory timer and the durable reminder in step with the earliest promotion deadline. The core only
/// says what it wants (<see cref="Want"/>, synchronously); one reconciling loop at a time makes the reminder match,
/// re-reading the wish after every await, so two callers can never undo each other. The reminder is removed only
/// when neither the committed nor the live state holds a promotion, moved earlier when a deadline comes closer, and
/// a failed registration is retried by the timer.
/// </summary>
internal sealed class ExpiryKeeper(Guid eventId, IExpiryPort port, TimeProvider time, ICommitObserver observer)
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
    private bool _known;
    private DateTimeOffset? _nextTick;
    private bool _running;

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

    /// <summary>A reminder tick arrived: the reminder exists and ticks again one period from now.</summary>
    public void Ticked()
    {
        _known = true;
        _nextTick = time.GetUtcNow() + ReminderPeriod;
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
                var wanted = _wanted;
                if (wanted is null)
                {
                    // A reminder left by an earlier activation is not known here: it removes itself at its next tick.
                    if (!_known || _nextTick is null)
                    {
                        break;
                    }

                    _known = false;
                    await port.UnregisterReminderAsync();
                    _known = true;
                    _nextTick = null;
                }
                else
                {
                    if (_known && _nextTick is { } next && next <= wanted.Value + MinimumDue)
                    {
                        break;
                    }

                    var due = Max(wanted.Value - time.GetUtcNow(), MinimumDue);
                    var at = time.GetUtcNow() + due;
                    _known = false;
                    await port.RegisterReminderAsync(due, ReminderPeriod);
                    _known = true;
                    _nextTick = at;
                }

                Failing = false;
            }

            Failing = false;
        }
        catch (Exception ex)
        {
            // Whether the reminder changed is unknown (_known stays false): the next attempt registers it again.
            Failing = true;
            observer.ReminderFailed(eventId, ex);
            ArmTimer();
        }
        finally
        {
            _running = false;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
