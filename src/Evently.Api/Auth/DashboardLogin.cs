using Evently.Api.Hosting;
using System.Net;
using System.Security.Claims;
using Evently.Contracts.Users;
using Evently.Grains.Users;
using Evently.Persistence.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Evently.Api.Auth;

/// <summary>
/// A browser cannot send a bearer header, so admins sign in to the dashboard through a form that issues an
/// HTTP-only, SameSite=Strict cookie scoped to <c>/dashboard</c>, Secure whenever the request is HTTPS (also behind a
/// known proxy that says so). The cookie is accepted on that path only; <c>/dashboard/logout</c> clears it.
/// </summary>
public static class DashboardLogin
{
    /// <summary>The cookie's authentication scheme.</summary>
    public const string Scheme = "DashboardCookie";

    /// <summary>Where the form lives.</summary>
    public const string LoginPath = "/dashboard-login";

    /// <summary>Where an admin signs out (GET: a button; POST: clears the cookie).</summary>
    public const string LogoutPath = "/dashboard/logout";

    private const string LogoutHtml = $$"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Evently dashboard sign-out</title>
        <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}button{display:block;width:100%;margin:.4rem 0}</style></head>
        <body>
        <h1>Evently dashboard</h1>
        <form method="post" action="{{LogoutPath}}"><button type="submit">Sign out</button></form>
        </body>
        </html>
        """;

    /// <summary>The dashboard's path prefix, the only place the cookie counts.</summary>
    public static readonly PathString DashboardPath = new("/dashboard");

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "evently_dashboard";

    /// <summary>True when <paramref name="request"/> is for the dashboard and brings no bearer header.</summary>
    public static bool UsesCookie(HttpRequest request) =>
        request.Path.StartsWithSegments(DashboardPath) && !request.Headers.ContainsKey("Authorization");

    /// <summary>Adds the cookie scheme.</summary>
    public static AuthenticationBuilder AddDashboardCookie(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = DashboardPath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(1);
            o.SlidingExpiration = true;
            o.LoginPath = LoginPath;
            o.Events.OnValidatePrincipal = async context =>
            {
                var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
                var (verdict, user) = await AccessCheck.CheckAsync(context.Principal!, grains);
                if (verdict != AccessVerdict.Allowed)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                    return;
                }

                context.ReplacePrincipal(AccessCheck.WithCurrentRole(context.Principal!, user!));
            };
            o.Events.OnRedirectToLogin = context =>
            {
                // People go to the form (a bare request, as a browser or curl sends it); a client that asks for JSON gets a plain 401.
                if (!context.Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Redirect(LoginPath);
                    return Task.CompletedTask;
                }

                return AuthProblems.ChallengeAsync(context.HttpContext);
            };
            o.Events.OnRedirectToAccessDenied = context => AuthProblems.ForbidAsync(context.HttpContext);
        });

    /// <summary>Maps the form and its post (at the root, not under <c>/api/v1</c>).</summary>
    public static void MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, () => Page(null, StatusCodes.Status200OK)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(LoginPath, SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimitSetup.Policy).ExcludeFromDescription();
        // Under /dashboard, where the browser sends the cookie; anonymous so that an expired session can still be cleared.
        app.MapGet(LogoutPath, () => new SignInPage(LogoutHtml, StatusCodes.Status200OK)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(LogoutPath, (Delegate)SignOutAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(Scheme);
        return Results.Redirect(LoginPath);
    }

    private static SignInPage Busy(HttpContext context, int retryAfterSeconds, string message)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page(message, StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, UserStore store, Passwords passwords, LoginThrottle throttle, IGrainFactory grains, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            form = FormCollection.Empty;
        }

        var email = Emails.Normalise(form["email"].ToString());
        var password = form["password"].ToString();
        if (email.Length is 0 or > Emails.MaxLength || password.Length is 0 or > Passwords.MaxLength)
        {
            return Page("Enter an email and a password.", StatusCodes.Status400BadRequest);
        }

        var address = ClientAddress.Of(context);
        if (await throttle.BeginLoginAsync(email, address) is { } wait)
        {
            return Busy(context, RateLimitSetup.Seconds(wait), "Too many failed attempts from here; wait a little and try again.");
        }

        using var slot = await passwords.AcquireSlotAsync(email, address, cancellationToken);
        if (!slot.IsAcquired)
        {
            return Busy(context, 1, "The server is busy; try again in a moment.");
        }

        var record = await store.FindByEmailAsync(email, cancellationToken);
        if (!passwords.Verify(record?.PasswordHash, password))
        {
            return Page("The email or password is wrong.", StatusCodes.Status401Unauthorized);
        }

        await throttle.LoginSucceededAsync(email, address);
        var user = await grains.For<IUserGrain>(record!.User.Id).ObserveAsync(record.User.Version) ?? record.User.ToView();
        if (!user.IsActive || user.Role != UserRoles.Admin)
        {
            return Page("This account may not open the dashboard.", StatusCodes.Status403Forbidden);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(AuthClaims.Subject, user.Id.ToString()),
                new Claim(AuthClaims.Role, user.Role),
                new Claim(AuthClaims.Version, user.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            Scheme, AuthClaims.Subject, AuthClaims.Role);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return Results.Redirect($"{DashboardPath}/");
    }

    private static SignInPage Page(string? message, int status)
    {
        var error = message is null ? string.Empty : $"<p class=\"error\">{WebUtility.HtmlEncode(message)}</p>";
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Evently dashboard sign-in</title>
            <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00}</style></head>
            <body>
            <h1>Evently dashboard</h1>
            {{error}}
            <form method="post" action="{{LoginPath}}">
            <label>Email <input name="email" type="email" autocomplete="username" required maxlength="254"></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="128"></label>
            <button type="submit">Sign in</button>
            </form>
            <p>Sign out at <a href="{{LogoutPath}}">{{LogoutPath}}</a>.</p>
            </body>
            </html>
            """;
        return new SignInPage(html, status);
    }

    // The form must not be framed (clickjacking), cached, or run anything but itself.
    private sealed class SignInPage(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            headers.CacheControl = "no-store";
            return Results.Content(html, "text/html; charset=utf-8", statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
