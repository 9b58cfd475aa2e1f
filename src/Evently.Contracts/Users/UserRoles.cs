namespace Evently.Contracts.Users;

/// <summary>The three roles (docs/api.md#auth-and-users).</summary>
public static class UserRoles
{
    /// <summary>A customer.</summary>
    public const string User = "user";

    /// <summary>A user who creates and runs their own events.</summary>
    public const string Organizer = "organizer";

    /// <summary>An administrator.</summary>
    public const string Admin = "admin";

    /// <summary>True for a role this API knows.</summary>
    public static bool IsKnown(string? role) => role is User or Organizer or Admin;
}
