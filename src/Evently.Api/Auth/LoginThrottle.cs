using System.Threading.RateLimiting;
using Evently.Contracts.Users;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// The throttles the auth handlers consult once they have read the body (the rate-limiting middleware cannot see the
/// email): failed logins and registrations per client address (this front end), registrations per email (this front
/// end), and failed logins per (email, client address) in the email's <see cref="ILoginAttemptsGrain"/> (the cluster).
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failuresByAddress;
    private readonly PartitionedRateLimiter<string> _registrations;
    private readonly IGrainFactory _grains;

    /// <summary>Creates the limiters from <paramref name="options"/>.</summary>
    public LoginThrottle(IOptions<RateLimitOptions> options, IGrainFactory grains)
    {
        var limits = options.Value;
        _failuresByAddress = Create(limits.FailuresPerAddress, TimeSpan.FromSeconds(limits.PerAddressWindowSeconds));
        _registrations = Create(limits.RegistrationsPerEmail, TimeSpan.FromSeconds(limits.PerEmailWindowSeconds));
        _grains = grains;
    }

    /// <summary>Null while <paramref name="address"/> has failed logins and registrations left in this window; else how long to wait.</summary>
    public TimeSpan? FailuresExhausted(string address)
    {
        // Zero permits asks whether any are left without taking one: successful logins do not count here.
        using var lease = _failuresByAddress.AttemptAcquire(address, 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>
    /// Null when <paramref name="address"/> may try <paramref name="email"/>'s password now (the try counts as a failure
    /// until <see cref="LoginSucceededAsync"/>); else how long to wait.
    /// </summary>
    public Task<TimeSpan?> BeginLoginAsync(string email, string address) => _grains.GetGrain<ILoginAttemptsGrain>(email).BeginAsync(address);

    /// <summary>Counts a failed login of <paramref name="address"/> against its per-address limit.</summary>
    public void LoginFailed(string address) => _failuresByAddress.AttemptAcquire(address).Dispose();

    /// <summary>Forgets <paramref name="address"/>'s failed logins of <paramref name="email"/>.</summary>
    public Task LoginSucceededAsync(string email, string address) => _grains.GetGrain<ILoginAttemptsGrain>(email).SucceededAsync(address);

    /// <summary>Takes a registration permit for <paramref name="email"/> and <paramref name="address"/>; null when granted, else how long to wait.</summary>
    public TimeSpan? Register(string email, string address)
    {
        using var byAddress = _failuresByAddress.AttemptAcquire(address);
        if (!byAddress.IsAcquired)
        {
            return RetryAfter(byAddress);
        }

        using var byEmail = _registrations.AttemptAcquire(email);
        return byEmail.IsAcquired ? null : RetryAfter(byEmail);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _failuresByAddress.Dispose();
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
