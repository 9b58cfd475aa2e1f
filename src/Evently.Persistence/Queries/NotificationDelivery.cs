namespace Evently.Persistence.Queries;

/// <summary>The webhook side of a notification: <see cref="Notifications.DeliveryStatus"/>, attempts so far, and when.</summary>
public sealed record NotificationDelivery(string Status, int Attempts, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt);
