using Evently.Api.Hosting;
using System.Globalization;
using System.Security.Claims;
using Evently.Contracts.Users;

namespace Evently.Api.Auth;

/// <summary>
/// The cheap per-request check behind every signed token and cookie: one call to the user's grain, which keeps the
/// user in memory. A token carries the user's version (its stamp); any admin edit bumps it, so every token issued before
/// stops working at once. The role a request acts with is the grain's, never the token's: a token only names the user.
/// </summary>
public static class AccessCheck
{
    /// <summary>Set on the request when the caller was refused for an inactive account, so the challenge says so.</summary>
    public const string DisabledItem = "evently.auth.disabled";

    /// <summary>Checks <paramref name="principal"/> against its user's grain; on success also returns the user as it is now.</summary>
    public static async Task<(AccessVerdict Verdict, UserView? User)> CheckAsync(ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (!Guid.TryParse(principal.FindFirstValue(AuthClaims.Subject), out var id)
            || !int.TryParse(principal.FindFirstValue(AuthClaims.Version), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return (AccessVerdict.Unknown, null);
        }

        var user = await grains.For<IUserGrain>(id).GetAsync();
        if (user is null)
        {
            return (AccessVerdict.Unknown, null);
        }

        if (!user.IsActive)
        {
            return (AccessVerdict.Disabled, null);
        }

        // Exactly the current stamp: logins take the stamp from this same grain, so an honest token never runs ahead of it,
        // and a stamp from the future (a forged ver: 1000000) must not outlive later revocations.
        return version == user.Version ? (AccessVerdict.Allowed, user) : (AccessVerdict.Revoked, null);
    }

    /// <summary>
    /// <paramref name="principal"/> with its role claims replaced by <paramref name="user"/>'s current role, so that
    /// authorization never trusts a role written into a token or cookie.
    /// </summary>
    public static ClaimsPrincipal WithCurrentRole(ClaimsPrincipal principal, UserView user)
    {
        var source = principal.Identity as ClaimsIdentity;
        var claims = principal.Claims.Where(c => c.Type is not AuthClaims.Role and not ClaimTypes.Role).Append(new Claim(AuthClaims.Role, user.Role));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, source?.AuthenticationType, AuthClaims.Subject, AuthClaims.Role));
    }
}
