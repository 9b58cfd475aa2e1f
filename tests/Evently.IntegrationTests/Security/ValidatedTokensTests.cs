using System.Net;
using System.Security.Claims;
using System.Text;
using Evently.Api.Auth;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Remembering a validated token changes nothing a request is told: forged, expired or revoked tokens are refused as
/// before, and each request gets claims of its own.
/// </summary>
public sealed class ValidatedTokensTests
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("validated-tokens-test-key-of-at-least-256-bits-0123456789"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-08T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_valid_token_is_remembered_and_each_request_gets_its_own_claims()
    {
        var tokens = new ValidatedTokens(new JsonWebTokenHandler { MapInboundClaims = false }, _time);
        var token = Issue(TimeSpan.FromMinutes(15));

        var first = await tokens.ValidateTokenAsync(token, Parameters());
        var second = await tokens.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, tokens.Count);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("user-1", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var tokens = new ValidatedTokens(new JsonWebTokenHandler { MapInboundClaims = false }, _time);
        var token = Issue(TimeSpan.FromMinutes(15));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);

        _time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(31));
        var late = await tokens.ValidateTokenAsync(token, Parameters());

        Assert.False(late.IsValid);
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public async Task A_forged_signature_or_another_key_is_refused_even_when_the_genuine_token_is_remembered()
    {
        var tokens = new ValidatedTokens(new JsonWebTokenHandler { MapInboundClaims = false }, _time);
        var token = Issue(TimeSpan.FromMinutes(15));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);

        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var otherKey = Parameters();
        otherKey.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another-key-entirely-of-at-least-256-bits-0123456789abcdef"));

        Assert.False((await tokens.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.False((await tokens.ValidateTokenAsync(token, otherKey)).IsValid);
    }

    [Fact]
    public async Task A_token_in_use_is_refused_at_once_after_signing_out_everywhere()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        var (_, token) = await app.RegisterAsync();
        using var client = app.ClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);

        var logout = await client.PostAsync(new Uri("/api/v1/auth/logout-all", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
    }

    private string Issue(TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "user-1"), new Claim("role", "user"), new Claim("ver", "1")]),
            Issuer = "evently-test",
            Audience = "evently-test",
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "evently-test",
        ValidAudience = "evently-test",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        // The full validation's lifetime check on the test's clock, as the handler's own clock is for the server.
        LifetimeValidator = (notBefore, expires, _, p) =>
            notBefore - p.ClockSkew <= _time.GetUtcNow().UtcDateTime && _time.GetUtcNow().UtcDateTime < expires + p.ClockSkew,
    };
}
