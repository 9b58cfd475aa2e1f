using Evently.Domain.Pricing;

namespace Evently.Core;

/// <summary>The limits and rules one event core runs with.</summary>
public sealed record EventCoreOptions
{
    /// <summary>Requests decided but not yet committed; beyond it new ones are refused (429).</summary>
    public int MaxPending { get; init; } = 5000;

    /// <summary>Demand-pricing steps.</summary>
    public DemandPricing Pricing { get; init; } = new();
}
