using Evently.Api.Auth;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Api.Waitlists;
using Evently.Contracts.Queues;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Queues;

/// <summary>An event's waiting room: joining it and reading one's place.</summary>
public static class QueueApi
{
    /// <summary>Maps the waiting-room endpoints.</summary>
    public static void MapQueueApi(this IEndpointRouteBuilder api)
    {
        var queue = api.MapGroup("/events/{id:guid}/queue").WithTags("Waiting room").RequireAuthorization(AuthPolicies.User);
        queue.MapPost("/", JoinAsync).WithName("JoinQueue").HidesDrafts().Answers(409, ErrorCodes.QueueNotOpen)
            .WithSummary("Join the event's waiting room (201 first time, 200 with the same place after); open from salesStartAt - opensMinutesBefore.");
        queue.MapGet("/me", GetMineAsync).WithName("GetMyQueuePlace").Answers(404, ErrorCodes.NotInQueue).WithSummary("The caller's status, dense position and estimated wait.");
    }

    private static async Task<Results<Created<QueueView>, Ok<QueueView>, ProblemHttpResult>> JoinAsync(
        Guid id, JoinQueueRequest? body, IGrainFactory grains, WebhookUrlPolicy webhooks, HttpContext context)
    {
        var webhook = body?.NotificationPreferences?.WebhookUrl;
        if (webhook is not null && webhooks.Check(webhook) is { } problem)
        {
            return Problems.Validation("notificationPreferences.webhookUrl", problem);
        }

        var result = await grains.GetGrain<IWaitingRoomGrain>(id).JoinAsync(context.User.UserId(), webhook);
        return result.Outcome switch
        {
            QueueOutcome.Joined => TypedResults.Created($"/api/v1/events/{id}/queue/me", result.Place),
            QueueOutcome.Found => TypedResults.Ok(result.Place),
            QueueOutcome.UnstorableText => Problems.Validation("notificationPreferences.webhookUrl", "webhookUrl must not contain control characters."),
            _ => Problem(result.Outcome),
        };
    }

    private static async Task<Results<Ok<QueueView>, ProblemHttpResult>> GetMineAsync(Guid id, IGrainFactory grains, HttpContext context)
    {
        var result = await grains.GetGrain<IWaitingRoomGrain>(id).FindAsync(context.User.UserId());
        return result.Outcome == QueueOutcome.Found ? TypedResults.Ok(result.Place) : Problem(result.Outcome);
    }

    private static ProblemHttpResult Problem(QueueOutcome outcome) => outcome switch
    {
        QueueOutcome.EventNotFound => EventsApi.EventNotFound(),
        QueueOutcome.NotOpen => Problems.Conflict(ErrorCodes.QueueNotOpen, "This event's waiting room is not open (yet, or the event has none)."),
        QueueOutcome.NotInQueue => Problems.NotFound(ErrorCodes.NotInQueue, "You are not in this event's waiting room."),
        QueueOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
        _ => Problems.Unavailable(),
    };
}
