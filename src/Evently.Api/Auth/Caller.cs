using System.Security.Claims;

namespace Evently.Api.Auth;

/// <summary>Who is calling, read from the validated token: <c>sub</c> is the user id, <c>role</c> the role.</summary>
public static class Caller
{
    /// <summary>The caller's user id.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("An authenticated caller has no subject."));

    /// <summary>True when the caller is an admin.</summary>
    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole("admin") || user.HasClaim("role", "admin");
}
