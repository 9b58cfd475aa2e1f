using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Persistence.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Users;

/// <summary>
/// The caller's own webhook signing secret: each user's deliveries are signed with that user's secret, so verifying one's
/// own deliveries gives no way to sign another user's (docs/webhooks.md#verifying-a-delivery). Answers are never stored.
/// </summary>
public static class WebhookSecretApi
{
    /// <summary>Maps <c>GET /users/me/webhook-secret</c> and <c>POST /users/me/webhook-secret/rotate</c>.</summary>
    public static void MapWebhookSecretApi(this IEndpointRouteBuilder api)
    {
        var secret = api.MapGroup("/users/me/webhook-secret").WithTags("Users").RequireAuthorization(AuthPolicies.User).AddEndpointFilter(NoStore.Filter);
        secret.MapGet("", GetAsync).WithName("GetWebhookSecret").Answers(404, ErrorCodes.UserNotFound)
            .WithSummary("The caller's webhook signing secret, created on first use.");
        secret.MapPost("/rotate", RotateAsync).WithName("RotateWebhookSecret").Answers(404, ErrorCodes.UserNotFound)
            .WithSummary("Replace the caller's webhook signing secret; deliveries carry signatures by the old and the new one for 24 hours.");
    }

    private static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> GetAsync(HttpContext context, WebhookSecretStore store, CancellationToken cancellationToken) =>
        await store.GetOrCreateAsync(context.User.UserId(), cancellationToken) is { } secret ? TypedResults.Ok(new WebhookSecretResponse(secret)) : UsersApi.UserNotFound();

    private static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateAsync(HttpContext context, WebhookSecretStore store, CancellationToken cancellationToken) =>
        await store.RotateAsync(context.User.UserId(), cancellationToken) is { } secret ? TypedResults.Ok(new WebhookSecretResponse(secret)) : UsersApi.UserNotFound();
}
