using System.Globalization;
using System.Threading.RateLimiting;
using Evently.Api.Http;
using Evently.Persistence.Options;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>The per-client-address limit on the sign-up and sign-in endpoints (ASP.NET Core rate limiting).</summary>
public static class RateLimitSetup
{
    /// <summary>The policy the auth endpoints carry.</summary>
    public const string Policy = "auth";

    /// <summary>Registers the options, the login throttle and the per-address policy.</summary>
    public static void AddEventlyRateLimiting(this IServiceCollection services)
    {
        services.AddEventlyOptions<RateLimitOptions>();
        services.AddSingleton<LoginThrottle>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var address = ClientAddress.Of(context);
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PerAddressPermits,
                    Window = TimeSpan.FromSeconds(limits.PerAddressWindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = (context, _) =>
                WriteRateLimitedAsync(context.HttpContext, LoginThrottle.RetryAfter(context.Lease));
        });
    }

    /// <summary>429 <c>rate_limited</c> with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static async ValueTask WriteRateLimitedAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Seconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        await AuthProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests; retry after the indicated delay.");
    }

    /// <summary>Whole seconds to wait, rounded up, at least 1.</summary>
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
