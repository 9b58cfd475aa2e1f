using Evently.Api.Http;
using Microsoft.AspNetCore.Mvc;

namespace Evently.Api.Auth;

/// <summary>Writes the 401/403 problems of challenges and forbids, outside any endpoint.</summary>
public static class AuthProblems
{
    /// <summary>Writes a problem with <paramref name="status"/> and <paramref name="code"/>.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string title)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title };
        problem.Extensions["code"] = code;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>401 <c>unauthorized</c>, or 403 <c>account_disabled</c> when the token's account is inactive.</summary>
    public static Task ChallengeAsync(HttpContext context)
    {
        if (context.Items.ContainsKey(AccessCheck.DisabledItem))
        {
            return WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.AccountDisabled, "This account is disabled.");
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Sign in: a valid bearer token is required.");
    }

    /// <summary>403 <c>forbidden</c>.</summary>
    public static Task ForbidAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "You are not allowed to do this.");
}
