namespace Evently.Api.Auth;

/// <summary>
/// Limits on login and register, bound from <c>Evently:RateLimits</c>. The per-address limit is generous so one load
/// generator can sign up and sign in thousands of users a minute; the per-email limits stop guessing one account's password.
/// </summary>
public sealed class AuthRateLimits
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Evently:RateLimits";

    /// <summary>Login, register and dashboard-login requests one client address may make per window.</summary>
    public int PerAddressPermits { get; set; } = 20_000;

    /// <summary>The per-address window.</summary>
    public int PerAddressWindowSeconds { get; set; } = 60;

    /// <summary>Failed logins one email may have per window (successful ones are not counted).</summary>
    public int FailedLoginsPerEmail { get; set; } = 10;

    /// <summary>Registrations one email may attempt per window.</summary>
    public int RegistrationsPerEmail { get; set; } = 5;

    /// <summary>The per-email window.</summary>
    public int PerEmailWindowSeconds { get; set; } = 60;
}
