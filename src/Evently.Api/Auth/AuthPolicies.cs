namespace Evently.Api.Auth;

/// <summary>Authorization policy names used by every endpoint.</summary>
public static class AuthPolicies
{
    /// <summary>Any active signed-in user (admins included).</summary>
    public const string User = "user";

    /// <summary>Organizers and admins; which events an organizer may touch is checked per event (EventOwnership).</summary>
    public const string Organizer = "organizer";

    /// <summary>Admins only.</summary>
    public const string Admin = "admin";

    /// <summary>Admins, through a bearer token or the dashboard cookie.</summary>
    public const string Dashboard = "dashboard";
}
