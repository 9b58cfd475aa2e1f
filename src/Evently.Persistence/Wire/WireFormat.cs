using System.Globalization;

namespace Evently.Persistence.Wire;

/// <summary>
/// The one shape of money and time on the wire (docs/api.md#conventions), in answers and in notifications alike: an
/// amount with exactly two decimals (<c>30.00</c>), an instant in UTC with a <c>Z</c> and six fractional digits
/// (<c>2027-03-01T19:30:00.000000Z</c>). Six digits because PostgreSQL keeps microseconds: a thing reads back exactly as
/// it was answered when it was made.
/// </summary>
public static class WireFormat
{
    /// <summary>The instant's text: UTC, truncated to whole microseconds, six fractional digits and a <c>Z</c>.</summary>
    public static string Time(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTime(ticks - (ticks % 10), DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The amount rounded to cents and carrying both decimals (a decimal writes its scale: <c>30m</c> is <c>30</c>, this is <c>30.00</c>).</summary>
    public static decimal Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
