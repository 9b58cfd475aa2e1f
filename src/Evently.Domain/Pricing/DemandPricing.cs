using Evently.Domain.Events;

namespace Evently.Domain.Pricing;

/// <summary>
/// The price of an event given its policy and how far it has sold through. Under <c>demand</c> the price
/// follows the highest step reached (defaults +10% at 50%, +25% at 75%, +50% at 90%), falls back when
/// cancellations bring sell-through under a step, and never drops below the base price.
/// </summary>
public sealed class DemandPricing
{
    /// <summary>Fixed pricing: always the base price.</summary>
    public const string Fixed = "fixed";

    /// <summary>Demand pricing: stepped by sell-through.</summary>
    public const string Demand = "demand";

    /// <summary>The default steps.</summary>
    public static readonly IReadOnlyList<PriceStep> DefaultSteps =
        [new(0.50, 0.10m), new(0.75, 0.25m), new(0.90, 0.50m)];

    private readonly PriceStep[] _steps;

    /// <summary>Creates the rule with <paramref name="steps"/> (any order; markups must be non-negative).</summary>
    public DemandPricing(IEnumerable<PriceStep>? steps = null)
    {
        _steps = (steps ?? DefaultSteps).OrderBy(s => s.SoldFraction).ToArray();
        if (_steps.Any(s => s.Markup < 0 || s.SoldFraction is <= 0 or > 1))
        {
            throw new ArgumentException("Price steps need a sold fraction in (0, 1] and a non-negative markup.", nameof(steps));
        }
    }

    /// <summary>The price in force for <paramref name="seats"/> under <paramref name="policy"/>.</summary>
    public decimal PriceFor(string policy, decimal basePrice, SeatLedger seats)
    {
        if (policy != Demand || seats.TotalCapacity == 0)
        {
            return basePrice;
        }

        var sold = (double)(seats.SoldSeats + seats.HeldSeats) / seats.TotalCapacity;
        var markup = 0m;
        foreach (var step in _steps)
        {
            if (sold >= step.SoldFraction)
            {
                markup = Math.Max(markup, step.Markup);
            }
        }

        return decimal.Round(basePrice * (1 + markup), 2, MidpointRounding.AwayFromZero);
    }
}
