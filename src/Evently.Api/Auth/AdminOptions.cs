namespace Evently.Api.Auth;

/// <summary>The admin seeded at start-up, bound from <c>Evently:Admin</c>.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Evently:Admin";

    /// <summary>Development default email (README).</summary>
    public const string DefaultEmail = "admin@evently.local";

    /// <summary>Development default password (README).</summary>
    public const string DefaultPassword = "Evently-Admin-2026!";

    /// <summary>The admin's email.</summary>
    public string? Email { get; set; }

    /// <summary>The admin's password.</summary>
    public string? Password { get; set; }

    /// <summary>The admin's display name.</summary>
    public string Name { get; set; } = "Administrator";
}
