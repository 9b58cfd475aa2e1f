namespace Evently.Contracts.Waitlists;

/// <summary>One page of an event's line, in promotion order, and how many are in line.</summary>
[GenerateSerializer, Immutable]
public sealed record WaitlistPageView(
    [property: Id(0)] IReadOnlyList<WaitlistEntryView> Items,
    [property: Id(1)] int TotalCount);
