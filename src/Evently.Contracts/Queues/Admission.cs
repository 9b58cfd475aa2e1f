namespace Evently.Contracts.Queues;

/// <summary>A waiting-room admission the queue hands to the event grain: the user may book until <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record Admission([property: Id(0)] Guid UserId, [property: Id(1)] DateTimeOffset Until);
