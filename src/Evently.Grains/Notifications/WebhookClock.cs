namespace Evently.Grains.Notifications;

/// <summary>
/// The keyed <see cref="TimeProvider"/> that decides when deliveries are due, retried, given up and purged. Tests
/// replace it alone (not the grains' clock) to run a day of retries in seconds.
/// </summary>
public static class WebhookClock
{
    public const string Key = "evently-webhooks";
}
