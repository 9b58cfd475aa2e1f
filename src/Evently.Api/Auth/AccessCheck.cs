using System.Globalization;
using System.Security.Claims;
using Evently.Contracts.Users;

namespace Evently.Api.Auth;

/// <summary>
/// The cheap per-request check behind every signed token and cookie: one call to the user's grain, which keeps the
/// user in memory. A token carries the user's version; an admin edit bumps it, so older tokens stop working at once.
/// </summary>
public static class AccessCheck
{
    /// <summary>Set on the request when the caller was refused for an inactive account, so the challenge says so.</summary>
    public const string DisabledItem = "evently.auth.disabled";

    /// <summary>Checks <paramref name="principal"/> against its user's grain.</summary>
    public static async Task<AccessVerdict> CheckAsync(ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (!Guid.TryParse(principal.FindFirstValue(AuthClaims.Subject), out var id)
            || !int.TryParse(principal.FindFirstValue(AuthClaims.Version), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return AccessVerdict.Unknown;
        }

        var user = await grains.GetGrain<IUserGrain>(id).GetAsync();
        if (user is null)
        {
            return AccessVerdict.Unknown;
        }

        if (!user.IsActive)
        {
            return AccessVerdict.Disabled;
        }

        // Newer than the grain is fine: a login may read the row a moment before the grain has applied its own write.
        return version < user.Version ? AccessVerdict.Revoked : AccessVerdict.Allowed;
    }
}
