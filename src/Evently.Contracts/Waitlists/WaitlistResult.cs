using Evently.Domain.Waitlists;
namespace Evently.Contracts.Waitlists;

/// <summary>The outcome of a waitlist command and the entry, when there is one.</summary>
[GenerateSerializer, Immutable]
public sealed record WaitlistResult([property: Id(0)] WaitlistOutcome Outcome, [property: Id(1)] WaitlistEntryView? Entry, [property: Id(2)] int? Remaining = null,
    [property: Id(3)] DateTimeOffset? SalesStartAt = null)
{
    /// <summary>A result carrying no entry.</summary>
    public static WaitlistResult Of(WaitlistOutcome outcome) => new(outcome, null);
}
