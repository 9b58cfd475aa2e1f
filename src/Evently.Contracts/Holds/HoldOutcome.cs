namespace Evently.Contracts.Holds;

/// <summary>How a checkout-hold command ended.</summary>
public enum HoldOutcome
{
    /// <summary>Created now, or read.</summary>
    Held,
    /// <summary>A retry with the same key: the original hold as it stands now.</summary>
    Replayed,
    /// <summary>Confirmed now: the booking was made.</summary>
    Confirmed,
    /// <summary>Confirmed before: the same booking again.</summary>
    AlreadyConfirmed,
    /// <summary>Released now, or already released or expired.</summary>
    Released,
    /// <summary>A booking rule refused it; <see cref="HoldResult.Refusal"/> says which.</summary>
    Refused,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>No such hold, or not the caller's.</summary>
    HoldNotFound,
    /// <summary>The deadline passed or the hold was released: it can no longer be confirmed.</summary>
    HoldExpired,
    /// <summary>The hold was confirmed: it can no longer be released.</summary>
    HoldConfirmed,
    /// <summary>The idempotency key was used with a different request.</summary>
    KeyReused,
    /// <summary>Nothing happened; safe to retry.</summary>
    Unavailable,
    /// <summary>The commit's outcome is not known: it may or may not have happened.</summary>
    OutcomeUnknown,
}
