using Evently.Api.Hosting;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Contracts.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Users;

/// <summary><c>/users/me</c>: the caller.</summary>
public static class UsersApi
{
    /// <summary>Maps the caller's own endpoints.</summary>
    public static void MapUsersApi(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(AuthPolicies.User);
        users.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("The signed-in user.");
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetMeAsync(HttpContext context, IGrainFactory grains)
    {
        var user = await grains.For<IUserGrain>(context.User.UserId()).GetAsync();
        if (user is null)
        {
            return UserNotFound();
        }

        ETags.Set(context, user.Version);
        return TypedResults.Ok(user);
    }

    internal static ProblemHttpResult UserNotFound() => Problems.NotFound(ErrorCodes.UserNotFound, "No such user.");
}
