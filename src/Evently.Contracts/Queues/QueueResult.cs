namespace Evently.Contracts.Queues;

/// <summary>The outcome and, when there is one, the user's place.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueResult([property: Id(0)] QueueOutcome Outcome, [property: Id(1)] QueueView? Place)
{
    /// <summary>A result with no place.</summary>
    public static QueueResult Of(QueueOutcome outcome) => new(outcome, null);
}
