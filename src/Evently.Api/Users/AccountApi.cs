using Evently.Api.Hosting;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Contracts.Users;
using Evently.Persistence.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Users;

/// <summary>
/// The caller's account security: change the password, sign out everywhere. Both bump the user's stamp in its grain,
/// so every token issued before stops working at the next request (docs/security.md#what-is-protected-and-how).
/// </summary>
public static class AccountApi
{
    /// <summary>Maps <c>POST /users/me/password</c> and <c>POST /auth/logout-all</c>.</summary>
    public static void MapAccountApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/users/me/password", ChangePasswordAsync).WithTags("Users").WithName("ChangePassword")
            .RequireAuthorization(AuthPolicies.User).Answers(404, ErrorCodes.UserNotFound).Answers(429, ErrorCodes.RateLimited)
            .WithSummary("Change the caller's password (the current one is asked again); every token issued before stops working.");
        api.MapPost("/auth/logout-all", LogoutAllAsync).WithTags("Auth").WithName("LogoutAll")
            .RequireAuthorization(AuthPolicies.User).Answers(404, ErrorCodes.UserNotFound)
            .WithSummary("Sign out everywhere: every token of the caller stops working.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest body, UserStore store, Passwords passwords, LoginThrottle throttle, IGrainFactory grains,
        HttpContext context, CancellationToken cancellationToken)
    {
        var grain = grains.For<IUserGrain>(context.User.UserId());
        if (await grain.GetAsync() is not { } user)
        {
            return UsersApi.UserNotFound();
        }

        var errors = new FieldErrors()
            .Check(string.IsNullOrEmpty(body.CurrentPassword), "currentPassword", "currentPassword is required.")
            .Check(body.CurrentPassword?.Length > Passwords.MaxLength, "currentPassword", $"currentPassword is at most {Passwords.MaxLength} characters.")
            .Check(body.NewPassword is null, "newPassword", "newPassword is required.");
        var weakness = body.NewPassword is null ? null : PasswordPolicy.Problem(body.NewPassword, user.Email);
        errors.Check(weakness is not null, "newPassword", weakness ?? string.Empty);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        // The current password is a guess like a login's: the same slow-down per (account, address) and the same hashing shares.
        var address = ClientAddress.Of(context);
        if (await throttle.BeginLoginAsync(user.Email, address) is { } wait)
        {
            return Problems.RateLimited(context, RateLimitSetup.Seconds(wait));
        }

        using var slot = await passwords.AcquireSlotAsync(user.Email, address, cancellationToken);
        if (!slot.IsAcquired)
        {
            return Problems.RateLimited(context, 1);
        }

        var record = await store.FindByEmailAsync(user.Email, cancellationToken);
        if (record?.User.Id != user.Id || !passwords.Verify(record.PasswordHash, body.CurrentPassword!))
        {
            return Problems.Validation("currentPassword", "currentPassword is wrong.");
        }

        await throttle.LoginSucceededAsync(user.Email, address);
        return await grain.SetPasswordAsync(passwords.Hash(body.NewPassword!)) is null ? UsersApi.UserNotFound() : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LogoutAllAsync(HttpContext context, IGrainFactory grains) =>
        await grains.For<IUserGrain>(context.User.UserId()).RevokeTokensAsync() is null ? UsersApi.UserNotFound() : TypedResults.NoContent();
}
