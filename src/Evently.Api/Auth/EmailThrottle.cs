using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// Per-email limits. The email is in the body, which the rate-limiting middleware cannot see, so the handlers ask
/// here once they have read it.
/// </summary>
public sealed class EmailThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failedLogins;
    private readonly PartitionedRateLimiter<string> _registrations;

    /// <summary>Creates the limiters from <paramref name="options"/>.</summary>
    public EmailThrottle(IOptions<AuthRateLimits> options)
    {
        var limits = options.Value;
        var window = TimeSpan.FromSeconds(limits.PerEmailWindowSeconds);
        _failedLogins = Create(limits.FailedLoginsPerEmail, window);
        _registrations = Create(limits.RegistrationsPerEmail, window);
    }

    /// <summary>Null when <paramref name="email"/> may try to log in; else how long to wait.</summary>
    public TimeSpan? LoginBlocked(string email)
    {
        // Zero permits asks whether any are left without taking one.
        using var lease = _failedLogins.AttemptAcquire(email, 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Counts a failed login of <paramref name="email"/>.</summary>
    public void LoginFailed(string email) => _failedLogins.AttemptAcquire(email).Dispose();

    /// <summary>Takes a registration permit for <paramref name="email"/>; null when granted, else how long to wait.</summary>
    public TimeSpan? Register(string email)
    {
        using var lease = _registrations.AttemptAcquire(email);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _failedLogins.Dispose();
        _registrations.Dispose();
    }

    /// <summary>The lease's retry hint, or <paramref name="fallback"/>.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan? fallback = null) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : fallback ?? TimeSpan.FromSeconds(1);

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
