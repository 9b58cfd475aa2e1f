namespace Evently.Api.Auth;

/// <summary>What the per-request check of a signed token or cookie found.</summary>
public enum AccessVerdict
{
    /// <summary>The user exists, is active, and nothing changed since the token was issued.</summary>
    Allowed,
    /// <summary>No such user, or the token names none.</summary>
    Unknown,
    /// <summary>The account is inactive.</summary>
    Disabled,
    /// <summary>The token's stamp is not the user's current one: an admin changed the user since, or the stamp was made up.</summary>
    Revoked,
}
