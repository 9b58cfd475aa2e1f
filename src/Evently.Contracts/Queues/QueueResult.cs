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
}

/// <summary>The outcome and, when there is one, the user's place.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueResult([property: Id(0)] QueueOutcome Outcome, [property: Id(1)] QueueView? Place)
{
    /// <summary>A result with no place.</summary>
    public static QueueResult Of(QueueOutcome outcome) => new(outcome, null);
}
