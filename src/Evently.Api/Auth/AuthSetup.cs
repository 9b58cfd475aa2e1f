using Evently.Contracts.Users;
using Evently.Persistence.Embedded;
using Evently.Persistence.Options;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;

namespace Evently.Api.Auth;

/// <summary>
/// Authentication and authorization: JWT bearer tokens for the API, the dashboard cookie for browsers on
/// <c>/dashboard</c>, the <c>user</c>/<c>admin</c>/<c>dashboard</c> policies, rate limits on sign-up and sign-in,
/// and the seeded admin.
/// </summary>
public static class AuthSetup
{
    // Picks the bearer handler, or the dashboard cookie on /dashboard requests without a bearer header.
    private const string Selector = "Evently";

    /// <summary>Registers authentication, authorization policies and rate limiting.</summary>
    public static void AddEventlyAuth(this WebApplicationBuilder builder, ILoggerFactory startupLogging)
    {
        var services = builder.Services;
        PasswordHashingOptions.RefuseCheapHashingOutsideDevelopment(
            builder.Configuration.GetValue<int?>($"{PasswordHashingOptions.Section}:IterationCount"), builder.Environment.IsDevelopment());
        // Read now: the key is resolved (and maybe generated into a file) before the host is built.
        var jwt = builder.Configuration.GetEventlyOptions<JwtOptions>();

        var key = SigningKeys.Resolve(jwt.SigningKey, builder.Environment.IsDevelopment(), EmbeddedFolder(services), startupLogging.CreateLogger("Evently.Auth"));
        services.AddSingleton(new TokenAuthority(jwt.Issuer, jwt.Audience, new SymmetricSecurityKey(key), TimeSpan.FromMinutes(jwt.AccessTokenMinutes)));

        var isDevelopment = builder.Environment.IsDevelopment();
        var embeddedFolder = EmbeddedFolder(services);
        services.AddEventlyOptions<AdminOptions>().PostConfigure(o =>
        {
            // The documented password only in Development; on one machine with the embedded database, a generated one.
            o.AllowDefaultPassword = isDevelopment;
            if (isDevelopment)
            {
                o.Email ??= AdminOptions.DefaultEmail;
                o.Password ??= AdminOptions.DefaultPassword;
            }
            else if (embeddedFolder is not null)
            {
                o.Email ??= AdminOptions.DefaultEmail;
                o.InitialPasswordFile = Path.Combine(embeddedFolder, AdminOptions.InitialPasswordFileName);
            }
        });
        // Identity's own options (IterationCount) share the section with ours.
        services.AddOptions<PasswordHasherOptions>().BindConfiguration(PasswordHashingOptions.Section);
        services.AddEventlyOptions<PasswordHashingOptions>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<TokenIssuer>();
        services.AddHostedService<AdminSeeder>();
        services.AddEventlyRateLimiting();

        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Bearer token, or the dashboard cookie on /dashboard", o =>
                o.ForwardDefaultSelector = context => DashboardLogin.UsesCookie(context.Request) ? DashboardLogin.Scheme : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddDashboardCookie();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenAuthority>(ConfigureBearer);

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.User, p => p.RequireAuthenticatedUser().RequireRole(UserRoles.User, UserRoles.Organizer, UserRoles.Admin))
            .AddPolicy(AuthPolicies.Organizer, p => p.RequireAuthenticatedUser().RequireRole(UserRoles.Organizer, UserRoles.Admin))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(UserRoles.Admin))
            .AddPolicy(AuthPolicies.Dashboard, p => p.RequireAuthenticatedUser().RequireRole(UserRoles.Admin));
    }

    /// <summary>Adds the authentication, authorization and rate-limiting middleware, and the dashboard's sign-in form.</summary>
    public static void UseEventlyAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // The form sits at the root, beside /dashboard, not under /api/v1 where MapAuthApi maps.
        app.MapDashboardLogin();
    }

    private static void ConfigureBearer(JwtBearerOptions o, TokenAuthority authority)
    {
        // Keep the claim names as issued: sub, role, ver.
        o.MapInboundClaims = false;
        // Validate each token once, not once per request (the access check still runs per request).
        var handler = o.TokenHandlers.Single();
        o.TokenHandlers.Clear();
        o.TokenHandlers.Add(new ValidatedTokens(handler, TimeProvider.System));
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = authority.Issuer,
            ValidAudience = authority.Audience,
            IssuerSigningKey = authority.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = AuthClaims.Subject,
            RoleClaimType = AuthClaims.Role,
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                if (!TokenLifetime.IsWithin(context.SecurityToken, authority.Lifetime, now))
                {
                    context.Fail("The token's lifetime is longer than this server issues.");
                    return;
                }

                var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
                var (verdict, user) = await AccessCheck.CheckAsync(context.Principal!, grains);
                switch (verdict)
                {
                    case AccessVerdict.Allowed:
                        context.Principal = AccessCheck.WithCurrentRole(context.Principal!, user!);
                        return;
                    case AccessVerdict.Disabled:
                        context.HttpContext.Items[AccessCheck.DisabledItem] = true;
                        context.Fail("The account is disabled.");
                        return;
                    default:
                        context.Fail("The token was revoked or names no user.");
                        return;
                }
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                await AuthProblems.ChallengeAsync(context.HttpContext);
            },
            OnForbidden = context => AuthProblems.ForbidAsync(context.HttpContext),
        };
    }

    // The embedded database's parent folder when this process runs one (single machine), else null.
    private static string? EmbeddedFolder(IServiceCollection services) =>
        services.FirstOrDefault(d => d.ServiceType == typeof(EmbeddedPostgres))?.ImplementationInstance is EmbeddedPostgres embedded
            ? embedded.HomeDirectory
            : null;
}
