namespace Evently.Domain.Waitlists;

/// <summary>What a waitlist operation did, so the caller can persist it and notify people.</summary>
public enum WaitlistChangeKind
{
    /// <summary>An entry joined (or re-joined).</summary>
    Joined,
    /// <summary>An entry was promoted and holds seats.</summary>
    Promoted,
    /// <summary>A promotion ran out; its seats went back.</summary>
    Expired,
    /// <summary>The holder booked out of the promotion.</summary>
    Booked,
    /// <summary>The user left; a held promotion was released.</summary>
    Left,
    /// <summary>The event was cancelled.</summary>
    Closed,
    /// <summary>The user's account was disabled: out of line, a held promotion released.</summary>
    Suspended,
    /// <summary>The user's account was enabled again: back in line.</summary>
    Resumed,
}
