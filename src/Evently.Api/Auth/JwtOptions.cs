using Evently.Persistence.Options;

namespace Evently.Api.Auth;

/// <summary>Token settings, bound from <c>Evently:Jwt</c>.</summary>
public sealed class JwtOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Jwt";

    /// <summary>The <c>iss</c> of issued tokens, required on incoming ones.</summary>
    public string Issuer { get; set; } = "evently";

    /// <summary>The <c>aud</c> of issued tokens, required on incoming ones.</summary>
    public string Audience { get; set; } = "evently-api";

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8; see <see cref="SigningKeys"/> for what happens when it is missing.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Lifetime of an access token.</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (AccessTokenMinutes is < 1 or > 7 * 24 * 60)
        {
            yield return $"{Section}:AccessTokenMinutes must be 1..10080 (was {AccessTokenMinutes}).";
        }

        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience))
        {
            yield return $"{Section}: Issuer and Audience must not be empty.";
        }
    }
}
