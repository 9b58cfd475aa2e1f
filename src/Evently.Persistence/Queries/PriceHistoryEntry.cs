namespace Evently.Persistence.Queries;

/// <summary>One price change as clients see it.</summary>
public sealed record PriceHistoryEntry(decimal OldPrice, decimal NewPrice, string ChangeReason, string AppliedBy, DateTimeOffset AppliedAt);
