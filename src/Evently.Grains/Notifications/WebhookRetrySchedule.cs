namespace Evently.Grains.Notifications;

/// <summary>
/// When a failed webhook is tried again: <see cref="WebhookOptions.InitialBackoff"/> doubling up to
/// <see cref="WebhookOptions.MaxBackoff"/>, with one last attempt at the end of <see cref="WebhookOptions.RetryWindow"/>.
/// </summary>
public static class WebhookRetrySchedule
{
    /// <summary>The next attempt after <paramref name="attemptsMade"/> failed attempts of a run begun at <paramref name="runStartedAt"/>; null to give up.</summary>
    public static DateTimeOffset? Next(WebhookOptions options, int attemptsMade, DateTimeOffset runStartedAt, DateTimeOffset now)
    {
        var windowEnd = runStartedAt + options.RetryWindow;
        if (attemptsMade >= options.MaxAttempts || now >= windowEnd)
        {
            return null;
        }

        var doublings = Math.Min(attemptsMade - 1, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(options.InitialBackoff.Ticks * Math.Pow(2, Math.Max(doublings, 0)), options.MaxBackoff.Ticks));
        var next = now + delay;
        return next < windowEnd ? next : windowEnd;
    }
}
