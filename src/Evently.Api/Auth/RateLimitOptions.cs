using Evently.Persistence.Options;

namespace Evently.Api.Auth;

/// <summary>
/// Limits on login and register, bound from <c>Evently:RateLimits</c>. Every request of one client address counts against
/// a generous limit; registrations against their own, high enough for a sale-day crowd behind one NAT address. Failed
/// logins of one email are slowed down per client address and capped per email (<c>Evently:RateLimits:Login</c>, shared
/// by every front end), so an attacker never locks the owner out. Hashing time is shared out per account and per address
/// by <see cref="PasswordHashingOptions"/>.
/// </summary>
public sealed class RateLimitOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:RateLimits";

    /// <summary>Login, register and dashboard-login requests one client address may make per window.</summary>
    public int PerAddressPermits { get; set; } = 20_000;

    /// <summary>The per-address window (both per-address limits).</summary>
    public int PerAddressWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Registrations one client address may make per window: a venue or a mobile carrier puts thousands behind one
    /// address on a sale day (2,000 registrations and logins in a minute must get through), while a script creating
    /// accounts without end is still stopped.
    /// </summary>
    public int RegistrationsPerAddress { get; set; } = 3_000;

    /// <summary>Registrations one email may attempt per window.</summary>
    public int RegistrationsPerEmail { get; set; } = 5;

    /// <summary>The per-email window.</summary>
    public int PerEmailWindowSeconds { get; set; } = 60;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (PerAddressPermits < 1 || PerAddressWindowSeconds < 1 || RegistrationsPerAddress < 1 || RegistrationsPerEmail < 1 || PerEmailWindowSeconds < 1)
        {
            yield return $"{Section}: every limit and window must be at least 1.";
        }
    }
}
