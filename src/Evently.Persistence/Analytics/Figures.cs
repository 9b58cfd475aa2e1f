namespace Evently.Persistence.Analytics;

/// <summary>How analytics figures are rounded: money to cents, rates to four decimals, an empty ratio to zero.</summary>
public static class Figures
{
    /// <summary><paramref name="part"/> / <paramref name="whole"/> to four decimals; 0 when <paramref name="whole"/> is 0.</summary>
    public static double Rate(long part, long whole) =>
        whole == 0 ? 0 : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    /// <summary>An amount to two decimals, written with both (adding 0.00m sets the scale of a whole number to 2).</summary>
    public static decimal Money(decimal amount) => Math.Round(amount + 0.00m, 2, MidpointRounding.AwayFromZero);
}
