using Evently.Persistence.Options;

namespace Evently.Api.Auth;

/// <summary>
/// Limits on login and register, bound from <c>Evently:RateLimits</c>. Every request of one client address counts against
/// a generous limit; the ones that cost a password hash and prove nothing (failed logins, registrations) against a much
/// lower one. Failed logins of one email are slowed down per client address (<c>Evently:RateLimits:Login</c>, shared by
/// every front end), so an attacker never locks the owner out.
/// </summary>
public sealed class RateLimitOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:RateLimits";

    /// <summary>Login, register and dashboard-login requests one client address may make per window.</summary>
    public int PerAddressPermits { get; set; } = 20_000;

    /// <summary>The per-address window (both per-address limits).</summary>
    public int PerAddressWindowSeconds { get; set; } = 60;

    /// <summary>Failed logins plus registrations one client address may make per window.</summary>
    public int FailuresPerAddress { get; set; } = 60;

    /// <summary>Registrations one email may attempt per window.</summary>
    public int RegistrationsPerEmail { get; set; } = 5;

    /// <summary>The per-email window.</summary>
    public int PerEmailWindowSeconds { get; set; } = 60;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (PerAddressPermits < 1 || PerAddressWindowSeconds < 1 || FailuresPerAddress < 1 || RegistrationsPerEmail < 1 || PerEmailWindowSeconds < 1)
        {
            yield return $"{Section}: every limit and window must be at least 1.";
        }
    }
}
