using Evently.Api.Analytics;
using Evently.Api.Auth;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Domain.Events;
using Evently.Persistence.Analytics;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Organizers;

/// <summary><c>/organizer</c>: an organizer's own events and their figures, read from the one shard they live on (an admin's own too).</summary>
public static class OrganizerApi
{
    private static readonly string[] Statuses = [EventStatus.Draft, EventStatus.Published, EventStatus.Cancelled, EventStatus.Completed];

    public static void MapOrganizerApi(this IEndpointRouteBuilder api)
    {
        var organizer = api.MapGroup("/organizer").WithTags("Organizers").RequireAuthorization(AuthPolicies.Organizer);
        organizer.MapGet("/events", ListEventsAsync).WithName("ListOrganizerEvents")
            .WithSummary("The caller's own events of every status (drafts included), newest first; one shard.");
        organizer.MapGet("/analytics/summary", SummaryAsync).WithName("OrganizerAnalyticsSummary")
            .WithSummary("The admin summary's figures over the caller's own events, for bookings created in [from, to); one shard.");
        api.MapGet("/organizer/analytics/events/{id:guid}", EventFiguresAsync).WithTags("Organizers").RequireEventOrganizer().WithName("OrganizerEventAnalytics")
            .WithSummary("One of the caller's events: bookings, tickets sold, revenue, utilization, waitlist; read from its shard.");
    }

    private static async Task<Results<Ok<SalesSummary>, ProblemHttpResult>> SummaryAsync(
        EventFigureReads reads, HttpContext context, string? from, string? to, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var window = AnalyticsWindow.Read(from, to, errors);
        return errors.IsEmpty ? TypedResults.Ok(await reads.SummaryAsync(context.User.UserId(), window, cancellationToken)) : errors.ToProblem();
    }

    private static async Task<Results<Ok<EventFigures>, ProblemHttpResult>> EventFiguresAsync(Guid id, EventFigureReads reads, CancellationToken cancellationToken) =>
        await reads.ForEventAsync(id, cancellationToken) is { } figures ? TypedResults.Ok(figures) : EventsApi.EventNotFound();

    private static async Task<Results<Ok<Paged<EventResponse>>, ProblemHttpResult>> ListEventsAsync(
        OrganizerEventReads reads, TimeProvider time, HttpContext context, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Check(status is not null && !Statuses.Contains(status), "status", "status must be draft, published, cancelled or completed.");
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var found = await reads.ListAsync(context.User.UserId(), status, now, p, size, cancellationToken);
        var items = found.Items.Select(e => EventResponse.From(e with { Status = BookingRules.VisibleStatus(e.Status, e.EventDate, now) })).ToList();
        return TypedResults.Ok(new Paged<EventResponse>(items, found.Page, found.PageSize, found.TotalCount));
    }
}
