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
            .WithName("ListNotifications").WithSummary("The caller's notifications across all shards, newest first.");

    private static async Task<Results<Ok<PageResponse<NotificationView>>, ProblemHttpResult>> ListAsync(
        NotificationReads reads, HttpContext context, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await reads.ForUserAsync(context.User.UserId(), p, size, cancellationToken);
        return TypedResults.Ok(Paging.Envelope(result.Items, p, size, result.TotalCount));
    }
}
