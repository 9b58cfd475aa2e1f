using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Evently.IntegrationTests.Reliability;

/// <summary>Generators of paths (route parameters filled with real ids, random ids and junk) and query strings.</summary>
public static class FuzzRoutes
{
    // Already percent-encoded where needed, so they reach the server as written. (No %00: the test server refuses a NUL
    // in a path before the app sees it, as Kestrel does.)
    private static readonly string[] JunkIds =
    [
        "abc", "-1", "0", "%C3%28", "%F0%9F%98%80", "null", "undefined", "1e308", "%20", "%2e%2e", "a%2Fb", "%25", "'%20OR%201=1",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "{00000000-0000-0000-0000-000000000000}",
        "0000000000000000000000000000000g", new('a', 10_000),
    ];

    private static readonly string[] QueryKeys = ["page", "pageSize", "from", "to", "q", "venue", "email", "limit", "id", "page[]", "%00", ""];

    private static readonly string[] QueryValues =
    [
        "-1", "0", "1", "2", "100", "101", "10001", "1e9", "999999999999", "2147483648", "notadate", "2027-01-01", "2027-01-01T00:00:00Z",
        "2027-13-45", "0001-01-01", "9999-12-31T23:59:59Z", "", "%00", "%FF", "%C3%28", "%E2%82%AC", "'%20OR%201=1--", "%27%3B%20DROP%20TABLE%20events%3B--",
        "%25", "_", "%5C", "true", new('q', 10_000), "a&b", "%3Cscript%3E",
    ];

    /// <summary>A concrete path for <paramref name="endpoint"/>.</summary>
    public static Gen<string> Path(FuzzEndpoint endpoint, SeededIds ids)
    {
        var path = Gen.Const(string.Empty);
        foreach (var segment in endpoint.Route.PathSegments)
        {
            for (var i = 0; i < segment.Parts.Count; i++)
            {
                var value = segment.Parts[i] switch
                {
                    RoutePatternLiteralPart literal => Gen.Const(literal.Content),
                    RoutePatternSeparatorPart separator => Gen.Const(separator.Content),
                    RoutePatternParameterPart parameter => Parameter(endpoint, parameter, ids),
                    _ => Gen.Const("x"),
                };
                var prefix = i == 0 ? "/" : string.Empty;
                path = path.SelectMany(built => value.Select(v => built + prefix + v));
            }
        }

        // Keep a pattern's trailing slash: "/api/v1/events/" is what the app maps.
        return path.Select(built => built.Length == 0 ? "/" : built + (endpoint.Pattern.EndsWith('/') ? "/" : string.Empty));
    }

    /// <summary>Empty, or one to four parameters from the API's names (and a few it does not have) with junk values.</summary>
    public static readonly Gen<string> Query = Gen.Frequency(
        (2, Gen.Const(string.Empty)),
        (3, Gen.Select(Gen.OneOf(QueryKeys), Gen.Frequency((4, Gen.OneOf(QueryValues)), (1, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Gen.String[0, 20].Select(Encode))),
            (key, value) => $"{key}={value}").Array[1, 4].Select(pairs => "?" + string.Join("&", pairs))));

    /// <summary>A GUID route value that names nothing, or a value that is no GUID at all.</summary>
    public static Gen<string> UnknownId => Gen.Frequency((1, Gen.Guid.Select(g => g.ToString())), (1, Gen.OneOf(JunkIds)));

    private static Gen<string> Parameter(FuzzEndpoint endpoint, RoutePatternParameterPart parameter, SeededIds ids)
    {
        if (parameter.ParameterPolicies.Any(p => p.Content == "guid"))
        {
            var real = endpoint.Pattern.StartsWith("/api/v1/bookings/", StringComparison.Ordinal) ? ids.BookingId
                : endpoint.Pattern.StartsWith("/api/v1/admin/users/", StringComparison.Ordinal) ? ids.UserId
                : ids.EventId;
            return Gen.Frequency((4, Gen.Const(real.ToString())), (3, Gen.Guid.Select(g => g.ToString("D"))), (1, Gen.Guid.Select(g => g.ToString("N"))), (3, Gen.OneOf(JunkIds)));
        }

        return parameter.Name == "documentName"
            ? Gen.OneOf("v1", "v2", "V1", "%01", "..%2Fappsettings", new string('d', 5000))
            : Gen.Frequency((2, Gen.OneOf(JunkIds)), (1, Gen.String[Gen.Char.AlphaNumeric, 0, 20]));
    }

    // Percent-encodes the UTF-8 of anything (an unpaired surrogate becomes U+FFFD), so arbitrary strings fit in a URL.
    private static string Encode(string value) =>
        string.Concat(Encoding.UTF8.GetBytes(value).Select(b => char.IsAsciiLetterOrDigit((char)b) ? ((char)b).ToString() : $"%{b:X2}"));
}
