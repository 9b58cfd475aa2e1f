using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Auth;

/// <summary>The resolved token settings both the issuer and the bearer handler use.</summary>
public sealed record JwtSettings(string Issuer, string Audience, SymmetricSecurityKey Key, TimeSpan Lifetime);
