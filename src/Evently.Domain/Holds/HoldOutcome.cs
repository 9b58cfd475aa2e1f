namespace Evently.Domain.Holds;

/// <summary>How a checkout-hold command ended.</summary>
public enum HoldOutcome
{
    /// <summary>Created now (or read, for a query).</summary>
    Held,
    /// <summary>A retry with the same key: the original hold as it stands now.</summary>
    Replayed,
    /// <summary>Confirmed now: the booking was made.</summary>
    Confirmed,
    /// <summary>Confirmed before: the same booking again.</summary>
    AlreadyConfirmed,
    /// <summary>Released now, or already released or expired.</summary>
    Released,
    /// <summary>A booking rule refused it (the answer's refusal says which).</summary>
    Refused,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>No such hold (or not the caller's).</summary>
    HoldNotFound,
    /// <summary>The hold's deadline passed, or it was released: it can no longer be confirmed.</summary>
    HoldExpired,
    /// <summary>The hold was confirmed: it can no longer be released (cancel the booking instead).</summary>
    HoldConfirmed,
    /// <summary>The idempotency key was used with a different request.</summary>
    KeyReused,
    /// <summary>Nothing happened (storage failed, or this activation is being reloaded).</summary>
    Unavailable,
    /// <summary>The commit's acknowledgement was lost: it may or may not have happened.</summary>
    OutcomeUnknown,
}
