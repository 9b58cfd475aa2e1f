namespace Evently.Contracts.Queues;

/// <summary>How a waiting-room command ended.</summary>
public enum QueueOutcome
{
    /// <summary>Joined now.</summary>
    Joined,
    /// <summary>Already in the room: the same place.</summary>
    Found,
    /// <summary>The room is not open yet, or the event has none.</summary>
    NotOpen,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>The user never joined.</summary>
    NotInQueue,
    /// <summary>Storage failed; nothing changed.</summary>
    Unavailable,
    /// <summary>The webhook URL holds text the store cannot hold (a NUL character): refused on its own, nothing changed.</summary>
    UnstorableText,
    /// <summary>The write was sent and its answer lost: the join may or may not be stored.</summary>
    OutcomeUnknown,
}
