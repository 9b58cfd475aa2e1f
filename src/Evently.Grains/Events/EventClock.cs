namespace Evently.Grains.Events;

/// <summary>
/// The keyed <see cref="TimeProvider"/> event grains decide by (hold and promotion deadlines, booking times). By default
/// the host's clock; tests replace it alone to put an event past a deadline without waiting, while timers and
/// reminders keep real time.
/// </summary>
public static class EventClock
{
    public const string Key = "evently-events";
}
