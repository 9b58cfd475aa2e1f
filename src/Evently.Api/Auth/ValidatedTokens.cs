using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Auth;

/// <summary>
/// The bearer handler's token validation, remembered per token until the token expires: a client sends the same token
/// with every request, and parsing it, checking its HMAC and building its claims took about 15 % of the server's CPU per
/// booking (docs/performance.md#profile-before). Only a token that passed the full validation is remembered, under its
/// whole text (never a hash of it), and only while its lifetime holds; this process's key, issuer and audience never change
/// while it runs. Revocation is untouched: the per-request access check (<see cref="AccessCheck"/>) still runs for every
/// request, remembered token or not. Each request gets its own copy of the claims.
/// </summary>
public sealed class ValidatedTokens(TokenHandler inner, TimeProvider clock) : TokenHandler
{
    /// <summary>Tokens remembered at most; when full, all are forgotten (each is validated again on its next use).</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, Entry> _valid = new(StringComparer.Ordinal);

    /// <summary>How many tokens are remembered now (tests).</summary>
    public int Count => _valid.Count;

    /// <inheritdoc />
    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    /// <inheritdoc />
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        // clock: the one the full validation's lifetime check uses (the system's).
        var now = clock.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var known) && known.AcceptedUnder(validationParameters))
        {
            if (now >= known.NotBefore && now < known.Until)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = known.Identity.Clone(),
                    SecurityToken = known.Token,
                    Issuer = known.Issuer,
                    TokenType = known.TokenType,
                };
            }

            _valid.TryRemove(token, out _);
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated && result.ClaimsIdentity is { } identity)
        {
            if (_valid.Count >= Capacity)
            {
                _valid.Clear();
            }

            // The window the full validation accepted: lifetime plus the allowed clock skew on both ends.
            var skew = validationParameters.ClockSkew;
            _valid[token] = new Entry(validationParameters.IssuerSigningKey, validationParameters.ValidIssuer, validationParameters.ValidAudience, validated, identity.Clone(), result.Issuer, result.TokenType,
                validated.ValidFrom == DateTime.MinValue ? DateTime.MinValue : validated.ValidFrom - skew, validated.ValidTo + skew);
        }

        return result;
    }

    // The bearer handler hands a copy of its parameters to every request: an entry counts only under the same key object
    // (the process's one key), issuer and audience it was validated with.
    private sealed record Entry(
        SecurityKey? Key, string? ValidIssuer, string? ValidAudience, SecurityToken Token, ClaimsIdentity Identity, string? Issuer, string? TokenType,
        DateTime NotBefore, DateTime Until)
    {
        public bool AcceptedUnder(TokenValidationParameters parameters) =>
            Key is not null && ReferenceEquals(parameters.IssuerSigningKey, Key)
            && string.Equals(parameters.ValidIssuer, ValidIssuer, StringComparison.Ordinal)
            && string.Equals(parameters.ValidAudience, ValidAudience, StringComparison.Ordinal);
    }
}
