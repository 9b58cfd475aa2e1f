using System.Security.Cryptography;
using System.Text;
using Evently.Contracts.Users;
using Evently.Persistence.Options;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Evently.Api.Telemetry;

/// <summary>
/// The <c>/metrics</c> policy: an admin, or Prometheus with the scrape token of <see cref="MetricsOptions"/>, so a
/// scraper never holds an admin's token. The token is not a JWT: the bearer handler leaves the caller anonymous and
/// this policy compares the header itself, in constant time.
/// </summary>
public static class MetricsScrape
{
    /// <summary>The policy name.</summary>
    public const string Policy = "metrics";

    /// <summary>Adds the policy.</summary>
    public static void AddMetricsScrapePolicy(this IServiceCollection services)
    {
        services.AddEventlyOptions<MetricsOptions>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAssertion(context =>
            (context.User.Identity?.IsAuthenticated == true && context.User.IsInRole(UserRoles.Admin))
            || (context.Resource is HttpContext http && CarriesScrapeToken(http))));
    }

    private static bool CarriesScrapeToken(HttpContext http)
    {
        var expected = http.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.ScrapeToken;
        var header = http.Request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        if (string.IsNullOrEmpty(expected) || !header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison takes the same time whatever the sent token.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[bearer.Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
