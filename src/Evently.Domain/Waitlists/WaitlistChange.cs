namespace Evently.Domain.Waitlists;

/// <summary>One entry's change; <see cref="Entry"/> is the entry after it.</summary>
public sealed record WaitlistChange(WaitlistChangeKind Kind, WaitlistEntry Entry, Promotion? Promotion);
