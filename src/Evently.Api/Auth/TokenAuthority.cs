using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Auth;

/// <summary>Who issues and accepts tokens: issuer, audience, signing key and lifetime, resolved at start from <see cref="JwtOptions"/> for the issuer and the bearer handler.</summary>
public sealed record TokenAuthority(string Issuer, string Audience, SymmetricSecurityKey Key, TimeSpan Lifetime);
