using Evently.Api.Hosting;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Contracts.Users;
using Evently.Grains.Users;
using Evently.Persistence.Queries;
using Evently.Persistence.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Evently.Api.Users;

/// <summary><c>/admin/users</c>: find users, read one, change role or active flag.</summary>
public static class AdminUsersApi
{
    public static void MapAdminUsersApi(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/admin/users").WithTags("Users").RequireAuthorization(AuthPolicies.Admin);
        users.MapGet("/", SearchAsync).WithName("SearchUsers").WithSummary("Users by email (case-insensitive substring; all when omitted), paged, ordered by email.");
        users.MapGet("/{id:guid}", GetAsync).WithName("GetUser").WithSummary("One user, with its version as ETag.");
        users.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateUser").Answers(412, ErrorCodes.VersionMismatch)
            .WithSummary("Change role and/or isActive; honours If-Match. Any change revokes the user's existing tokens; disabling refuses them from the next request. Admins cannot demote or disable themselves (403).");
    }

    private static async Task<Results<Ok<Paged<UserView>>, ProblemHttpResult>> SearchAsync(
        UserStore store, string? email, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Check(email?.Length > Emails.MaxLength, "email", $"email is at most {Emails.MaxLength} characters.").Plain(email, "email");
        var (p, size) = paging.Read(errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var term = string.IsNullOrWhiteSpace(email) ? null : Emails.Normalise(email);
        var found = await store.SearchAsync(term, p, size, cancellationToken);
        return TypedResults.Ok(new Paged<UserView>(found.Items.Select(UserViews.ToView).ToList(), found.Page, found.PageSize, found.TotalCount));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(Guid id, IGrainFactory grains, HttpContext context)
    {
        var user = await grains.For<IUserGrain>(id).GetAsync();
        if (user is null)
        {
            return UsersApi.UserNotFound();
        }

        ETags.Set(context, user.Version);
        return TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest body, IGrainFactory grains, HttpContext context, [FromHeader(Name = "If-Match")] string? ifMatch)
    {
        var errors = new FieldErrors().Check(body.Role is not null && !UserRoles.IsKnown(body.Role), "role", "role must be 'user', 'organizer' or 'admin'.");
        errors.Check(!ETags.TryParseIfMatch(ifMatch, out var expected) || expected > int.MaxValue, ETags.IfMatch, "If-Match must be an ETag this API issued, like \"3\".");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        // Keep at least one way in: an admin cannot demote or disable the account they are using.
        if (id == context.User.UserId() && ((body.Role is not null && body.Role != UserRoles.Admin) || body.IsActive == false))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Admins cannot demote or disable themselves; ask another admin.");
        }

        var result = await grains.For<IUserGrain>(id).UpdateAsync(new UpdateUser((int?)expected, body.Role, body.IsActive));
        switch (result.Outcome)
        {
            case UserOutcome.Ok:
                ETags.Set(context, result.User!.Version);
                return TypedResults.Ok(result.User);
            case UserOutcome.NotFound:
                return UsersApi.UserNotFound();
            case UserOutcome.VersionMismatch:
                return Problems.Create(StatusCodes.Status412PreconditionFailed, ErrorCodes.VersionMismatch, "The user changed since you read it; read it again.");
            default:
                return Problems.Unavailable();
        }
    }
}
