namespace Evently.Persistence.Notifications;

/// <summary>
/// A webhook delivery claimed from the outbox: the notification's JSON, its recipient (whose secrets sign it), where it goes, and how many attempts
/// were made before this one.
/// </summary>
public sealed record OutboxDelivery(Guid Id, Guid UserId, string Url, string Receiver, int AttemptsBefore, DateTimeOffset RunStartedAt, string Body);
