using Evently.Domain.Events;
namespace Evently.Contracts.Events;

/// <summary>The outcome of an event command and, when it succeeded, the event.</summary>
[GenerateSerializer, Immutable]
public sealed record EventResult([property: Id(0)] EventOutcome Outcome, [property: Id(1)] EventSnapshot? Event)
{
    /// <summary>A result carrying no event.</summary>
    public static EventResult Of(EventOutcome outcome) => new(outcome, null);
}
