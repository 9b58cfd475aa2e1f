namespace Evently.Core.Queues;

/// <summary>How a join ended, as far as the room's host can tell.</summary>
public enum JoinResult
{
    /// <summary>Joined now, durably.</summary>
    Joined,
    /// <summary>Already in the room: the same place.</summary>
    Found,
    /// <summary>The room is not open yet.</summary>
    NotOpen,
    /// <summary>Nothing happened: the room could not write (or is reloading); safe to retry.</summary>
    Unavailable,
    /// <summary>The write's outcome is unknown: the join may or may not be stored.</summary>
    OutcomeUnknown,
}
