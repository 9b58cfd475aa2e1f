namespace Evently.Core.Batches;

/// <summary>A <c>pricing_history</c> row: written in the same transaction as the price it records.</summary>
public sealed record PriceChange(Guid Id, decimal OldPrice, decimal NewPrice, string Reason, string AppliedBy, DateTimeOffset AppliedAt);
