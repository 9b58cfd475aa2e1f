namespace Evently.Contracts.Users;

/// <summary>The two roles (docs/api.md#auth-and-users).</summary>
public static class UserRoles
{
    /// <summary>A customer.</summary>
    public const string User = "user";

    /// <summary>An administrator.</summary>
    public const string Admin = "admin";

    /// <summary>True for a role this API knows.</summary>
    public static bool IsKnown(string? role) => role is User or Admin;
}
