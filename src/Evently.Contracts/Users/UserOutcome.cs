namespace Evently.Contracts.Users;

/// <summary>How a user command ended.</summary>
public enum UserOutcome
{
    Ok,
    /// <summary>No such user.</summary>
    NotFound,
    /// <summary>The If-Match version is stale.</summary>
    VersionMismatch,
    /// <summary>Storage failed; nothing changed.</summary>
    Unavailable,
}
