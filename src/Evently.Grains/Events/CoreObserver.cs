using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Evently.Grains.Events;

/// <summary>The core's reports as metrics and log lines; a commit is also passed on to <paramref name="committed"/>.</summary>
internal sealed partial class CoreObserver(BookingMetrics metrics, ILogger logger, Action? committed = null) : ICommitObserver
{
    public void Committed(EventBatch batch, int requests, TimeSpan elapsed)
    {
        committed?.Invoke();
        metrics.BatchCommitted(requests, elapsed.TotalMilliseconds);
        metrics.Confirmed(batch.Bookings.Count);
        metrics.Cancelled(batch.Cancellations.Count);
    }

    public void Failed(Guid eventId, int requests, CommitFate fate, Exception exception)
    {
        metrics.BatchFailed();
        LogCommitFailed(logger, exception, eventId, requests, fate);
    }

    public void SoldOut() => metrics.SoldOut();

    public void RateLimited() => metrics.RateLimited();

    public void ReminderFailed(Guid eventId, Exception exception) => LogReminderFailed(logger, exception, eventId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Commit of event {EventId} failed ({Fate}); {Requests} requests answered accordingly, the activation reloads")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, Guid eventId, int requests, CommitFate fate);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Expiry reminder of event {EventId} could not be changed; retrying")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, Guid eventId);
}
