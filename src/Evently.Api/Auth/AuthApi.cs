using Evently.Api.Hosting;
using Evently.Api.Http;
using Evently.Contracts.Users;
using Evently.Grains.Users;
using Evently.Persistence.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Evently.Api.Auth;

/// <summary><c>/auth</c>: sign up and sign in, anonymous and rate-limited.</summary>
public static class AuthApi
{
    /// <summary>Longest name allowed (docs/api.md#post-apiv1authregister).</summary>
    public const int MaxNameLength = 100;

    /// <summary>Maps register and login.</summary>
    public static void MapAuthApi(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimitSetup.Policy).AddEndpointFilter(NoStore.Filter);
        auth.MapPost("/register", RegisterAsync).WithName("Register")
            .Answers(409, ErrorCodes.EmailTaken).Answers(429, ErrorCodes.RateLimited)
            .WithSummary("Create a user account (role user). Email is normalised and unique; the password is 8..128 characters, not only white space and not a common password.");
        auth.MapPost("/login", LoginAsync).WithName("Login")
            .Answers(401, ErrorCodes.InvalidCredentials).Answers(403, ErrorCodes.AccountDisabled).Answers(429, ErrorCodes.RateLimited).WithSummary("Exchange email and password for a bearer token.");
    }

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest body, UserStore store, Passwords passwords, LoginThrottle throttle, HttpContext context, CancellationToken cancellationToken)
    {
        var email = body.Email is null ? null : Emails.Normalise(body.Email);
        var errors = new FieldErrors()
            .Text(email, "email", 3, Emails.MaxLength)
            .Text(body.Name, "name", 1, MaxNameLength)
            .Check(body.Password is null, "password", "password is required.");
        var weakness = body.Password is null ? null : PasswordPolicy.Problem(body.Password, email);
        errors.Check(weakness is not null, "password", weakness ?? string.Empty);
        errors.Check(email is { Length: >= 3 and <= Emails.MaxLength } && !Emails.LooksValid(email), "email", "email must be an email address.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (throttle.Register(email!, ClientAddress.Of(context)) is { } wait)
        {
            return Problems.RateLimited(context, RateLimitSetup.Seconds(wait));
        }

        using var slot = await passwords.AcquireSlotAsync(account: null, ClientAddress.Of(context), cancellationToken);
        if (!slot.IsAcquired)
        {
            return Busy(context);
        }

        var hash = passwords.Hash(body.Password!);
        // The slot is for hashing: the insert waits for the database, not for a core, and a crowd's next hash need not wait for it.
        slot.Dispose();
        var user = await store.CreateAsync(new NewUser(Guid.CreateVersion7(), email!, body.Name!.Trim(), hash, UserRoles.User), cancellationToken);
        return user is null
            ? Problems.Conflict(ErrorCodes.EmailTaken, "An account with this email already exists.")
            : TypedResults.Created($"/api/v1/admin/users/{user.Id}", user.ToView());
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest body, UserStore store, Passwords passwords, LoginThrottle throttle, TokenIssuer tokens, IGrainFactory grains,
        HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .Check(string.IsNullOrWhiteSpace(body.Email), "email", "email is required.")
            .Check(body.Email?.Length > Emails.MaxLength, "email", $"email is at most {Emails.MaxLength} characters.")
            .Plain(body.Email, "email")
            .Check(string.IsNullOrEmpty(body.Password), "password", "password is required.")
            .Check(body.Password?.Length > Passwords.MaxLength, "password", $"password is at most {Passwords.MaxLength} characters.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var email = Emails.Normalise(body.Email!);
        var address = ClientAddress.Of(context);
        // Cheapest refusals first; a refused request never waits for a hashing slot.
        if (await throttle.BeginLoginAsync(email, address) is { } wait)
        {
            return Problems.RateLimited(context, RateLimitSetup.Seconds(wait));
        }

        using var slot = await passwords.AcquireSlotAsync(email, address, cancellationToken);
        if (!slot.IsAcquired)
        {
            return Busy(context);
        }

        var record = await store.FindByEmailAsync(email, cancellationToken);
        // Unknown email and wrong password take the same path, cost and answer.
        var check = passwords.Check(record?.PasswordHash, body.Password!);
        if (check != PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Hashed: the grain calls below wait for the cluster, not for a core (a rehash keeps the slot for its hash).
            slot.Dispose();
        }

        if (check == PasswordVerificationResult.Failed)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials, "The email or password is wrong.");
        }

        await throttle.LoginSucceededAsync(email, address);
        if (check == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await passwords.UpgradeAsync(store, record!, body.Password!, cancellationToken);
        }

        // The token's stamp and role come from the grain every request is checked against, not from the row just read.
        var user = await grains.For<IUserGrain>(record!.User.Id).ObserveAsync(record.User.Version) ?? record.User.ToView();
        if (!user.IsActive)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.AccountDisabled, "This account is disabled.");
        }

        var (token, expiresAt) = tokens.Issue(user);
        return TypedResults.Ok(new LoginResponse(token, "Bearer", expiresAt, user));
    }

    // Every hashing slot is taken (a flood): refuse at once rather than queue without end.
    private static ProblemHttpResult Busy(HttpContext context) => Problems.RateLimited(context, 1);
}
