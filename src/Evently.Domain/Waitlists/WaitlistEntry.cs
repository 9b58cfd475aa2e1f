namespace Evently.Domain.Waitlists;

/// <summary>One user's place in an event's waitlist; <see cref="Suspended"/> while the user's account is disabled.</summary>
public sealed record WaitlistEntry(
    Guid Id,
    Guid UserId,
    int Quantity,
    int PriorityScore,
    DateTimeOffset JoinedAt,
    string Status,
    string? WebhookUrl,
    Promotion? Promotion = null,
    Guid? BookingId = null,
    bool Suspended = false)
{
    /// <summary>True while the entry waits or holds seats: it still counts as on the list.</summary>
    public bool IsOpen => Status is WaitlistStatus.Waiting or WaitlistStatus.Promoted;
}
