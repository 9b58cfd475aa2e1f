using Evently.Domain.Waitlists;

namespace Evently.Persistence.Storage;

/// <summary>A <c>waitlists</c> row to upsert: the entry as it is now and its dense position (0 once closed).</summary>
public sealed record WaitlistWrite(WaitlistEntry Entry, int Position);

/// <summary>A <c>waitlist_promotions</c> row to upsert.</summary>
public sealed record PromotionWrite(Guid Id, Guid WaitlistId, int Quantity, DateTimeOffset PromotedAt, DateTimeOffset ExpiresAt, string Status, Guid? BookingId, DateTimeOffset? ResolvedAt);

/// <summary>An outbox row: a notification written in the same transaction as its cause.</summary>
public sealed record OutboxMessage(Guid Id, Guid UserId, string Kind, string Payload, string? WebhookUrl, DateTimeOffset CreatedAt);
