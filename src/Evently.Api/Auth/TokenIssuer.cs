using Evently.Contracts.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Auth;

/// <summary>Signs access tokens: <c>sub</c>, <c>role</c>, <c>ver</c> (the user's version), <c>iat</c>/<c>exp</c>; nothing personal.</summary>
public sealed class TokenIssuer(TokenAuthority authority, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(authority.Key, SecurityAlgorithms.HmacSha256);

    /// <summary>A token for <paramref name="user"/> and when it expires.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(UserView user)
    {
        var now = time.GetUtcNow();
        // Whole seconds: that is what the token can carry, so the response says exactly what the token says.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + authority.Lifetime).ToUnixTimeSeconds());
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = authority.Issuer,
            Audience = authority.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [AuthClaims.Subject] = user.Id.ToString(),
                [AuthClaims.Role] = user.Role,
                [AuthClaims.Version] = user.Version,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return (token, expires);
    }
}
