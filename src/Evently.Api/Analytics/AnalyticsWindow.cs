using System.Globalization;
using Evently.Api.Http;
using Evently.Persistence.Analytics;

namespace Evently.Api.Analytics;

/// <summary>Reads the <c>from</c>/<c>to</c> query parameters of the analytics endpoints into a <see cref="DateWindow"/>.</summary>
public static class AnalyticsWindow
{
    private static readonly DateTimeOffset LastDay = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// ISO 8601 instants; one without an offset is taken as UTC (the API's timestamps are UTC). Either may be
    /// omitted (open on that side); <c>to</c> before <c>from</c> is an error, <c>to</c> equal to <c>from</c> an empty window.
    /// </summary>
    public static DateWindow Read(string? from, string? to, FieldErrors errors)
    {
        var start = Parse(from, "from", errors);
        var end = Parse(to, "to", errors);
        errors.Check(start is not null && end is not null && end < start, "to", "to must not be before from.");
        return new DateWindow(start, end);
    }

    private static DateTimeOffset? Parse(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        // The window's whole days run to the midnight after a bound, which the calendar's very last day does not have.
        var parsed = DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            && instant < LastDay;
        errors.Check(!parsed, field, $"{field} must be an ISO 8601 timestamp before 9999-12-31, e.g. 2027-03-01T00:00:00Z.");
        return parsed ? instant : null;
    }
}
