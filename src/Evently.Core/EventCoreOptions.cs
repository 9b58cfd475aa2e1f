using Evently.Domain.Pricing;

namespace Evently.Core;

/// <summary>The limits and rules one event core runs with.</summary>
public sealed record EventCoreOptions
{
    /// <summary>Requests decided but not yet committed; beyond it new ones are refused (429).</summary>
    public int MaxPending { get; init; } = 5000;

    /// <summary>How long a used idempotency key stays in memory; older ones are looked up in the store.</summary>
    public TimeSpan KeyWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The most idempotency keys kept in memory; beyond it the oldest settled ones are looked up in the store.</summary>
    public int MaxKeys { get; init; } = 10_000;

    /// <summary>Demand-pricing steps.</summary>
    public DemandPricing Pricing { get; init; } = new();
}
