using Evently.Core.Batches;

namespace Evently.Core.Ports;

/// <summary>What the core reports for metrics and logs.</summary>
public interface ICommitObserver
{
    /// <summary>A batch committed.</summary>
    void Committed(EventBatch batch, int requests, TimeSpan elapsed);

    /// <summary>A batch failed; the activation refuses everything from now on and must be reloaded.</summary>
    void Failed(Guid eventId, int requests, CommitFate fate, Exception exception);

    /// <summary>A booking was refused for want of seats.</summary>
    void SoldOut();

    /// <summary>A request was refused because too many are pending.</summary>
    void RateLimited();

    /// <summary>Registering or removing the expiry reminder failed; it is retried.</summary>
    void ReminderFailed(Guid eventId, Exception exception);
}

/// <summary>Observes nothing.</summary>
public sealed class NoObserver : ICommitObserver
{
    /// <summary>The one instance.</summary>
    public static readonly NoObserver Instance = new();

    /// <inheritdoc />
    public void Committed(EventBatch batch, int requests, TimeSpan elapsed) { }

    /// <inheritdoc />
    public void Failed(Guid eventId, int requests, CommitFate fate, Exception exception) { }

    /// <inheritdoc />
    public void SoldOut() { }

    /// <inheritdoc />
    public void RateLimited() { }

    /// <inheritdoc />
    public void ReminderFailed(Guid eventId, Exception exception) { }
}
