namespace Evently.Api.Auth;

/// <summary>Claim names in Evently's tokens and dashboard cookie. No email or other personal data: a token names the user by id only.</summary>
public static class AuthClaims
{
    /// <summary>The user id.</summary>
    public const string Subject = "sub";

    /// <summary><c>user</c> or <c>admin</c>: informational for clients; every request acts with the role the user grain holds now.</summary>
    public const string Role = "role";

    /// <summary>The user's version when the token was issued; any later admin edit revokes the token.</summary>
    public const string Version = "ver";
}
