using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Auth;

/// <summary>
/// A token must say when it was issued, and may live no longer than this server's access-token lifetime: a token signed
/// elsewhere with a far-away <c>exp</c> (ten years) is refused even though its signature checks out.
/// </summary>
public static class TokenLifetime
{
    /// <summary>True when <paramref name="token"/> carries <c>iat</c> (not in the future) and <c>exp - iat</c> is at most <paramref name="lifetime"/>.</summary>
    public static bool IsWithin(SecurityToken token, TimeSpan lifetime, DateTimeOffset now)
    {
        if (token is not JsonWebToken jwt || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var issuedAt)
            || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var expires))
        {
            return false;
        }

        // An iat in the future would stretch the window; the bearer handler's clock skew applies to exp and nbf only.
        return issuedAt <= now.ToUnixTimeSeconds() + 60 && expires - issuedAt <= (long)lifetime.TotalSeconds;
    }
}
