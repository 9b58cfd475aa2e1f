namespace Evently.Persistence.Notifications;

/// <summary>A webhook delivery that was given up, as the admin list shows it (the receiver's origin, never its path).</summary>
public sealed record FailedDelivery(Guid Id, Guid UserId, Guid EventId, string Kind, string Receiver, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset FailedAt);
