using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Notifications;

/// <summary>The caller's in-app notifications.</summary>
public static class NotificationsApi
{
    /// <summary>Maps <c>GET /notifications</c>.</summary>
    public static void MapNotificationsApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/notifications", ListAsync).RequireAuthorization(AuthPolicies.User).WithTags("Notifications")
            .WithName("ListNotifications")
            .WithSummary($"The caller's newest {NotificationReads.MaxListed} notifications across all shards, newest first, each with its webhook delivery state " +
                "(pending, delivered, delivery_failed) when it has one. totalCount counts at most that many; hasMore tells whether another page follows.");

    private static async Task<Results<Ok<NotificationPage>, ProblemHttpResult>> ListAsync(
        NotificationReads reads, HttpContext context, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (p, size) = paging.Read(errors);
        errors.Check(errors.IsEmpty && (long)(p - 1) * size >= NotificationReads.MaxListed, "page",
            $"Only the newest {NotificationReads.MaxListed} notifications are listed: page × pageSize must stay within them.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await reads.ForUserAsync(context.User.UserId(), p, size, cancellationToken));
    }
}
