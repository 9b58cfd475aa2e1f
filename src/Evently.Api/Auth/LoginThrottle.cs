using System.Threading.RateLimiting;
using Evently.Contracts.Users;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// The throttles the auth handlers consult once they have read the body (the rate-limiting middleware cannot see the
/// email): registrations per client address and per email (this front end), and guesses per (email, client address)
/// and per email in the email's <see cref="ILoginAttemptsGrain"/> (the cluster). Failed logins do not count against a
/// client address: many people share one (a NAT, a venue's Wi-Fi), and one of them must never be refused their correct
/// password because others there mistyped theirs (docs/security.md#what-is-protected-and-how).
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _registrationsByAddress;
    private readonly PartitionedRateLimiter<string> _registrations;
    private readonly IGrainFactory _grains;

    /// <summary>Creates the limiters from <paramref name="options"/>.</summary>
    public LoginThrottle(IOptions<RateLimitOptions> options, IGrainFactory grains)
    {
        var limits = options.Value;
        _registrationsByAddress = Create(limits.RegistrationsPerAddress, TimeSpan.FromSeconds(limits.PerAddressWindowSeconds));
        _registrations = Create(limits.RegistrationsPerEmail, TimeSpan.FromSeconds(limits.PerEmailWindowSeconds));
        _grains = grains;
    }

    /// <summary>
    /// Null when <paramref name="address"/> may try <paramref name="email"/>'s password now (the try counts as a failure
    /// until <see cref="LoginSucceededAsync"/>); else how long to wait.
    /// </summary>
    public Task<TimeSpan?> BeginLoginAsync(string email, string address) => _grains.GetGrain<ILoginAttemptsGrain>(email).BeginAsync(address);

    /// <summary>Forgets <paramref name="address"/>'s failed logins of <paramref name="email"/>.</summary>
    public Task LoginSucceededAsync(string email, string address) => _grains.GetGrain<ILoginAttemptsGrain>(email).SucceededAsync(address);

    /// <summary>Takes a registration permit for <paramref name="email"/> and <paramref name="address"/>; null when granted, else how long to wait.</summary>
    public TimeSpan? Register(string email, string address)
    {
        using var byAddress = _registrationsByAddress.AttemptAcquire(address);
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
        _registrationsByAddress.Dispose();
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
