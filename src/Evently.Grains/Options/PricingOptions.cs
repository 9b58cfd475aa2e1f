using Evently.Domain.Pricing;

namespace Evently.Grains.Options;

/// <summary>Demand-pricing steps (section <c>Evently:Pricing</c>); empty means the defaults.</summary>
public sealed class PricingOptions
{
    /// <summary>Steps of sell-through and markup, e.g. <c>{ SoldFraction: 0.5, Markup: 0.1 }</c>.</summary>
    public List<PriceStep> Steps { get; set; } = [];
}
