namespace Evently.Api.Auth;

/// <summary>Authentication and authorization wiring (placeholder until the auth module lands).</summary>
public static class AuthSetup
{
    /// <summary>Registers authentication, authorization policies and rate limiting.</summary>
    public static void AddEventlyAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.User, p => p.RequireAuthenticatedUser())
            .AddPolicy(AuthPolicies.Admin, p => p.RequireRole("admin"))
            .AddPolicy(AuthPolicies.Dashboard, p => p.RequireRole("admin"));
    }

    /// <summary>Adds the authentication middleware.</summary>
    public static void UseEventlyAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
    }

    /// <summary>Maps <c>/auth</c>, <c>/users</c> and <c>/admin/users</c>.</summary>
    public static void MapAuthApi(this IEndpointRouteBuilder api)
    {
        _ = api;
    }
}
