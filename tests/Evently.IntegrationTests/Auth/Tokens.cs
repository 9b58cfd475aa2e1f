using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.IntegrationTests.Auth;

/// <summary>Hand-made tokens, to check the bearer handler refuses what it should.</summary>
public static class Tokens
{
    /// <summary>The key <see cref="Infrastructure.EventlyApp"/> configures.</summary>
    public const string TestKey = "integration-tests-signing-key-of-at-least-256-bits-0123456789";

    /// <summary>A signed token; every part can be bent.</summary>
    public static string Forge(
        Guid userId, string role = "user", int version = 1, string key = TestKey, string issuer = "evently", string audience = "evently-api",
        DateTime? expires = null, DateTime? issuedAt = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        var start = issuedAt ?? expiry.AddMinutes(-20);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = start,
            NotBefore = start,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = role, ["ver"] = version },
        });
    }

    /// <summary>An unsigned (<c>alg: none</c>) token.</summary>
    public static string WithoutSignature(Guid userId, string role = "admin")
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{Encode($$"""{"sub":"{{userId}}","role":"{{role}}","ver":1,"iss":"evently","aud":"evently-api","exp":{{exp}}}""")}.";
    }
}
