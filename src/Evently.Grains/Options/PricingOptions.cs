using Evently.Domain.Pricing;
using Evently.Persistence.Options;

namespace Evently.Grains.Options;

/// <summary>Demand-pricing steps (section <c>Evently:Pricing</c>); empty means the defaults.</summary>
public sealed class PricingOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Pricing";

    /// <summary>Steps of sell-through and markup, e.g. <c>{ SoldFraction: 0.5, Markup: 0.1 }</c>.</summary>
    public List<PriceStep> Steps { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (Steps.Any(s => s is null || s.Markup < 0 || s.SoldFraction is <= 0 or > 1))
        {
            yield return $"{Section}:Steps need a SoldFraction in (0, 1] and a non-negative Markup.";
        }
    }
}
