namespace Evently.Core.Queues;

/// <summary>
/// One user in an event's waiting room. <see cref="Seq"/> is the join order; <see cref="Rank"/> the place in line, null
/// until the opening's lottery for those who joined before it. Expiry is not stored: an admission whose
/// <see cref="AdmittedUntil"/> has passed reads as expired.
/// </summary>
public sealed record QueueEntry(
    Guid UserId,
    long Seq,
    DateTimeOffset JoinedAt,
    long? Rank,
    string Status,
    DateTimeOffset? AdmittedAt,
    DateTimeOffset? AdmittedUntil,
    string? WebhookUrl)
{
    /// <summary>Stored statuses.</summary>
    public const string Waiting = "waiting", Admitted = "admitted", Expired = "expired";

    /// <summary>The status as of <paramref name="now"/>: an admission past its end is expired.</summary>
    public string StatusAt(DateTimeOffset now) => Status == Admitted && AdmittedUntil <= now ? Expired : Status;
}
