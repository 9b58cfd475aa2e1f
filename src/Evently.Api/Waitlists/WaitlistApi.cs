using Evently.Api.Auth;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Contracts.Events;
using Evently.Contracts.Waitlists;
using Evently.Grains.Options;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Evently.Domain.Waitlists;

namespace Evently.Api.Waitlists;

/// <summary>Joining, reading and leaving an event's waitlist; the admin's view of it.</summary>
public static class WaitlistApi
{
    public static void MapWaitlistApi(this IEndpointRouteBuilder api)
    {
        var mine = api.MapGroup("/events/{id:guid}/waitlist").WithTags("Waitlist").RequireAuthorization(AuthPolicies.User);
        mine.MapPost("/", JoinAsync).WithName("JoinWaitlist").HidesDrafts()
            .Answers(403, ErrorCodes.AdmissionRequired)
            .Answers(409, ErrorCodes.SeatsAvailable, ErrorCodes.AlreadyWaitlisted, ErrorCodes.EventNotBookable, ErrorCodes.SalesNotOpen, ErrorCodes.SalesClosed, ErrorCodes.TicketLimitReached).WithSummary("Join the waitlist of an event that cannot serve the quantity.");
        mine.MapGet("/me", GetMineAsync).WithName("GetMyWaitlistEntry").WithSummary("The caller's entry, live position and promotion.");
        mine.MapDelete("/me", LeaveAsync).WithName("LeaveWaitlist").WithSummary("Leave; held seats pass to the next in line.");
        api.MapGet("/admin/events/{id:guid}/waitlist", ListAsync).WithTags("Waitlist").RequireEventOrganizer()
            .WithName("GetWaitlist").WithSummary("One page of the entries in line, in promotion order, with their positions.");
    }

    private static async Task<Results<Created<WaitlistEntryView>, ProblemHttpResult>> JoinAsync(
        Guid id, JoinWaitlistRequest? body, IGrainFactory grains, IOptions<BookingOptions> options, WebhookUrlPolicy webhooks, HttpContext context)
    {
        var quantity = body?.Quantity ?? 1;
        var max = options.Value.MaxQuantity;
        var webhook = body?.NotificationPreferences?.WebhookUrl;
        var errors = new FieldErrors().Check(quantity < 1 || quantity > max, "quantity", $"quantity must be 1..{max}.");
        if (webhook is not null && webhooks.Check(webhook) is { } problem)
        {
            errors.Check(true, "notificationPreferences.webhookUrl", problem);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetGrain<IEventGrain>(id).JoinWaitlistAsync(context.User.UserId(), quantity, webhook);
        return result.Outcome switch
        {
            WaitlistOutcome.Ok => TypedResults.Created($"/api/v1/events/{id}/waitlist/me", result.Entry),
            WaitlistOutcome.SeatsAvailable => Problems.Conflict(ErrorCodes.SeatsAvailable, "Enough seats are free: book them instead."),
            WaitlistOutcome.AlreadyWaitlisted => Problems.Conflict(ErrorCodes.AlreadyWaitlisted, "You are already on this waitlist."),
            WaitlistOutcome.TicketLimitReached => Problems.TicketLimitReached(result.Remaining ?? 0),
            WaitlistOutcome.SalesNotOpen => Problems.SalesNotOpen(result.SalesStartAt),
            WaitlistOutcome.SalesClosed => Problems.SalesClosed(),
            WaitlistOutcome.AdmissionRequired => Problems.AdmissionRequired(),
            WaitlistOutcome.UnstorableText => Problems.Validation("notificationPreferences.webhookUrl", "webhookUrl must not contain control characters."),
            _ => Problem(result.Outcome),
        };
    }

    private static async Task<Results<Ok<WaitlistEntryView>, ProblemHttpResult>> GetMineAsync(Guid id, IGrainFactory grains, HttpContext context)
    {
        var result = await grains.GetGrain<IEventGrain>(id).GetWaitlistEntryAsync(context.User.UserId());
        return result.Outcome == WaitlistOutcome.Ok ? TypedResults.Ok(result.Entry) : Problem(result.Outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(Guid id, IGrainFactory grains, HttpContext context)
    {
        var result = await grains.GetGrain<IEventGrain>(id).LeaveWaitlistAsync(context.User.UserId());
        return result.Outcome == WaitlistOutcome.Ok ? TypedResults.NoContent() : Problem(result.Outcome);
    }

    private static async Task<Results<Ok<Paged<WaitlistEntryView>>, ProblemHttpResult>> ListAsync(
        Guid id, [AsParameters] PageRequest paging, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var (p, size) = paging.Read(errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var found = await grains.GetGrain<IEventGrain>(id).GetWaitlistAsync(p, size);
        return found is null ? EventsApi.EventNotFound() : TypedResults.Ok(new Paged<WaitlistEntryView>(found.Items, p, size, found.TotalCount));
    }

    private static ProblemHttpResult Problem(WaitlistOutcome outcome) => outcome switch
    {
        WaitlistOutcome.EventNotFound => EventsApi.EventNotFound(),
        WaitlistOutcome.NotOnWaitlist => Problems.NotFound(ErrorCodes.NotOnWaitlist, "You are not on this waitlist."),
        WaitlistOutcome.NotBookable => Problems.Conflict(ErrorCodes.EventNotBookable, "The event is cancelled or over."),
        WaitlistOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
        _ => Problems.Unavailable(),
    };
}
