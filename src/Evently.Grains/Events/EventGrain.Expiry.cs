using Evently.Core.Ports;

namespace Evently.Grains.Events;

/// <summary>The core's timers and reminders, as Orleans grain timers and an ADO.NET reminder.</summary>
public sealed partial class EventGrain : IRemindable
{
    private const string ExpiryReminder = "promotion-expiry";
    private IGrainTimer? _expiryTimer;

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Ticks may repeat after a failover: expiring is idempotent, and a reminder with nothing left to expire is removed.
        if (reminderName == ExpiryReminder)
        {
            await _core.ReminderTickedAsync();
        }
    }

    private sealed class GrainExpiry(EventGrain grain) : IExpiryPort
    {
        public void ArmTimer(TimeSpan? dueIn)
        {
            grain._expiryTimer?.Dispose();
            grain._expiryTimer = dueIn is { } due
                ? grain.RegisterGrainTimer(() => grain._core.ExpireDueAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true })
                : null;
        }

        public Task RegisterReminderAsync(TimeSpan dueIn, TimeSpan period) => grain.RegisterOrUpdateReminder(ExpiryReminder, dueIn, period);

        public async Task UnregisterReminderAsync()
        {
            if (await grain.GetReminder(ExpiryReminder) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }
    }
}
