namespace Evently.Persistence.Notifications;

/// <summary>What asking for one notification's redelivery did.</summary>
public enum RedeliveryOutcome
{
    /// <summary>No notification with a webhook has that id.</summary>
    NotFound,

    /// <summary>It is still pending: it will be attempted anyway, nothing changed.</summary>
    AlreadyPending,

    /// <summary>It was delivered or failed, and is queued again with a fresh retry schedule.</summary>
    Queued,
}
