namespace Evently.Core.Ports;

/// <summary>
/// The host's timers and durable reminders. The in-memory timer fires at the exact deadline while the activation
/// lives; the reminder wakes the event after a deactivation or a crash, and keeps ticking at its period until removed.
/// </summary>
public interface IExpiryPort
{
    /// <summary>Replaces the in-memory timer: it calls <see cref="EventCore.ExpireDueAsync"/> after <paramref name="dueIn"/>, or never (null).</summary>
    void ArmTimer(TimeSpan? dueIn);

    /// <summary>Registers (or moves) the durable reminder to first fire after <paramref name="dueIn"/>, then every <paramref name="period"/>.</summary>
    Task RegisterReminderAsync(TimeSpan dueIn, TimeSpan period);

    /// <summary>Removes the durable reminder if there is one.</summary>
    Task UnregisterReminderAsync();
}
