using Evently.Domain.Waitlists;

namespace Evently.Core.Batches;

/// <summary>A waitlist entry the batch touched, to upsert: the entry as it is now and its position now (0 out of line).</summary>
public sealed record WaitlistWrite(WaitlistEntry Entry, int Position);

/// <summary>
/// A promotion to write. <see cref="IsNew"/> ones are inserted; the others resolve a promotion the store holds as
/// active, and the store fails the whole batch unless each of them finds exactly that row.
/// </summary>
public sealed record PromotionWrite(
    Guid Id, Guid WaitlistId, int Quantity, DateTimeOffset PromotedAt, DateTimeOffset ExpiresAt, string Status, Guid? BookingId,
    DateTimeOffset? ResolvedAt, bool IsNew);

/// <summary>An outbox row: a notification written in the same transaction as its cause.</summary>
public sealed record OutboxMessage(Guid Id, Guid UserId, string Kind, string Payload, string? WebhookUrl, DateTimeOffset CreatedAt);

/// <summary>
/// The event is being cancelled: every confirmed booking is refunded, and every affected user (booking holders and
/// open waitlist entries) gets exactly one <c>event_cancelled</c> notification.
/// </summary>
public sealed record EventCancellation(IReadOnlyList<WaitlistRecipient> WaitlistRecipients, string Payload, DateTimeOffset At);

/// <summary>A waitlisted user to notify, with their webhook if they gave one.</summary>
public sealed record WaitlistRecipient(Guid UserId, string? WebhookUrl);
