namespace Evently.Domain.Pricing;

/// <summary>From <see cref="SoldFraction"/> of capacity sold (or held) on, the price is base × (1 + <see cref="Markup"/>).</summary>
public sealed record PriceStep(double SoldFraction, decimal Markup);
