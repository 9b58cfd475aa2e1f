namespace Evently.Api.Auth;

/// <summary>Claim names in Evently's tokens and dashboard cookie.</summary>
public static class AuthClaims
{
    /// <summary>The user id.</summary>
    public const string Subject = "sub";

    /// <summary><c>user</c> or <c>admin</c>.</summary>
    public const string Role = "role";

    /// <summary>The user's version when the token was issued; any later admin edit revokes the token.</summary>
    public const string Version = "ver";

    /// <summary>The normalised email.</summary>
    public const string Email = "email";
}
