using Evently.Persistence.Options;

namespace Evently.Grains.Users;

/// <summary>The per (email, client address) slow-down, bound from <c>Evently:RateLimits:Login</c> on every silo.</summary>
public sealed class LoginAttemptsOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:RateLimits:Login";

    /// <summary>Failed sign-ins of one email from one address before each further try must wait.</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>The longest wait between two tries of one address.</summary>
    public int MaxDelaySeconds { get; set; } = 60;

    /// <summary>Quiet time after which an address's failures are forgotten.</summary>
    public int ForgetAfterSeconds { get; set; } = 900;

    /// <summary>
    /// Failed sign-ins of one email, all addresses together, remembered at once; beyond them only addresses that signed
    /// in to it successfully may try (a guesser spread over many addresses is capped, the owner is not locked out).
    /// </summary>
    public int FailuresPerAccount { get; set; } = 100;

    /// <summary>Addresses remembered per email; the quietest is dropped beyond it.</summary>
    public int MaxAddresses { get; set; } = 1_000;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (FreeFailures < 1 || MaxDelaySeconds < 1 || ForgetAfterSeconds < 1 || MaxAddresses < 1 || FailuresPerAccount < 1)
        {
            yield return $"{Section}: every value must be at least 1.";
        }
    }
}
