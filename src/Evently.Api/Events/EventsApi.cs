using Evently.Api.Hosting;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Contracts.Events;
using Evently.Domain.Holds;
using Evently.Domain.Sharding;
using Evently.Persistence.Catalog;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Evently.Domain.Events;

namespace Evently.Api.Events;

/// <summary><c>/events</c>: browse and read (anyone; a draft only its organizer and admins), create, edit and cancel (organizers and admins).</summary>
public static class EventsApi
{
    public static void MapEventsApi(this IEndpointRouteBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Events");
        events.MapGet("/", BrowseAsync).AllowAnonymous().WithName("BrowseEvents")
            .WithSummary("Upcoming published events across all shards, by date; pages or keyset cursors (nextCursor). Served from memory, at most about a second behind the shards; each event in the shape of GET /events/{id} without waitlistLength, which only the event's own read knows.");
        events.MapGet("/{id:guid}", GetAsync).AllowAnonymous().WithName("GetEvent").WithSummary("One event with live seats and price.");
        events.MapPost("/", CreateAsync).RequireAuthorization(AuthPolicies.Organizer).WithName("CreateEvent").WithSummary("Create an event; the caller (an organizer or admin) is its organizer.");
        events.MapPatch("/{id:guid}", UpdateAsync).RequireEventOrganizer().WithName("UpdateEvent")
            .Answers(409, ErrorCodes.CapacityBelowBooked, ErrorCodes.EventNotBookable).Answers(412, ErrorCodes.VersionMismatch).WithSummary("Edit an event; honours If-Match.");
        events.MapPost("/{id:guid}/publish", PublishAsync).RequireEventOrganizer().WithName("PublishEvent").Answers(409, ErrorCodes.EventNotBookable)
            .WithSummary("Make a draft public (bookable, browsable). Idempotent; a draft whose date has passed cannot be published.");
        events.MapPost("/{id:guid}/cancel", CancelAsync).RequireEventOrganizer().WithName("CancelEvent").WithSummary("Cancel an event and every booking. Idempotent.");
    }

    private static async Task<Results<Ok<BrowsePage>, ProblemHttpResult>> BrowseAsync(
        CatalogReadModel catalog, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, string? q, string? venue, int? page, int? pageSize,
        string? cursor, CancellationToken cancellationToken)
    {
        CatalogCursor? after = null;
        var errors = new FieldErrors()
            .Check(q?.Length > 200, "q", "q is at most 200 characters.")
            .Plain(q, "q")
            .Check(venue?.Length > 200, "venue", "venue is at most 200 characters.")
            .Plain(venue, "venue")
            .Check(from is not null && to is not null && to < from, "to", "to must not be before from.")
            .Check(cursor is not null && !CatalogCursor.TryDecode(cursor, out after), "cursor", "cursor must be a nextCursor this API returned.")
            .Check(cursor is not null && page is not null, "page", "Give page or cursor, not both.");
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await catalog.SearchAsync(new CatalogQuery(from ?? time.GetUtcNow(), to, q, venue, p, size, after), cancellationToken);
        return TypedResults.Ok(new BrowsePage(result.Items.Select(EventResponse.From).ToList(), result.Page, size, result.TotalCount, result.Next?.Encode()));
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> GetAsync(Guid id, IGrainFactory grains, HttpContext context)
    {
        var snapshot = await grains.For<IEventGrain>(id).GetAsync();
        if (snapshot is null || !EventOwnership.CanSee(snapshot, context.User))
        {
            return EventNotFound();
        }

        ETags.Set(context, snapshot.Version);
        return TypedResults.Ok(EventResponse.From(snapshot));
    }

    private static async Task<Results<Created<EventResponse>, ProblemHttpResult>> CreateAsync(
        CreateEventRequest body, IGrainFactory grains, TimeProvider time, HttpContext context)
    {
        var now = time.GetUtcNow();
        var errors = EventValidation.Validate(body, now);
        var sale = SaleValidation.ForCreate(body, now, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var organizer = context.User.UserId();
        var id = Buckets.MintId(Buckets.ForOrganizer(organizer), now);
        var result = await grains.For<IEventGrain>(id).CreateAsync(new CreateEvent(
            organizer, body.Name!.Trim(), body.Description?.Trim() ?? string.Empty, body.Venue!.Trim(), body.EventDate!.Value.ToUniversalTime(),
            body.TotalCapacity!.Value, body.Price!.Value, body.PricingPolicy ?? "fixed", body.PromotionWindowMinutes ?? 15, sale,
            body.HoldMinutes ?? HoldRules.DefaultMinutes, Draft: body.Publish == false));
        if (result.Event is null)
        {
            return result.Outcome == EventOutcome.OutcomeUnknown ? Problems.OutcomeUnknown() : Problems.Unavailable();
        }

        ETags.Set(context, result.Event.Version);
        return TypedResults.Created($"/api/v1/events/{id}", EventResponse.From(result.Event));
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateEventRequest body, IGrainFactory grains, TimeProvider time, HttpContext context,
        [FromHeader(Name = "If-Match")] string? ifMatch)
    {
        var errors = EventValidation.Validate(body, time.GetUtcNow());
        var sale = SaleValidation.ForUpdate(body, errors);
        errors.Check(!ETags.TryParseIfMatch(ifMatch, out var expected), ETags.IfMatch, "If-Match must be an ETag this API issued, like \"3\".");

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await grains.For<IEventGrain>(id).UpdateAsync(new UpdateEvent(
            expected, body.Name?.Trim(), body.Description?.Trim(), body.Venue?.Trim(), body.EventDate?.ToUniversalTime(), body.TotalCapacity, body.PromotionWindowMinutes, sale,
            body.HoldMinutes));
        return ToResponse(result, context);
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> PublishAsync(Guid id, IGrainFactory grains, HttpContext context) =>
        ToResponse(await grains.For<IEventGrain>(id).UpdateAsync(new UpdateEvent(null, null, null, null, null, null, null, Publish: true)), context);

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> CancelAsync(Guid id, IGrainFactory grains, HttpContext context) =>
        ToResponse(await grains.For<IEventGrain>(id).CancelAsync(), context);

    internal static Results<Ok<EventResponse>, ProblemHttpResult> ToResponse(EventResult result, HttpContext context)
    {
        switch (result.Outcome)
        {
            case EventOutcome.Ok:
                ETags.Set(context, result.Event!.Version);
                return TypedResults.Ok(EventResponse.From(result.Event));
            case EventOutcome.NotFound:
                return EventNotFound();
            case EventOutcome.VersionMismatch:
                return Problems.Create(StatusCodes.Status412PreconditionFailed, ErrorCodes.VersionMismatch, "The event changed since you read it; read it again.");
            case EventOutcome.CapacityBelowBooked:
                return Problems.Conflict(ErrorCodes.CapacityBelowBooked, "Capacity cannot drop below the seats already sold or held.");
            case EventOutcome.NotModifiable:
                return Problems.Conflict(ErrorCodes.EventNotBookable, "A cancelled event cannot be changed, nor a past draft published.");
            case EventOutcome.OutcomeUnknown:
                return Problems.OutcomeUnknown();
            case EventOutcome.CapacityFixedByPlan:
                return Problems.Validation("totalCapacity", "A seated event's capacity is its seating plan's seat count; change the plan instead.");
            case EventOutcome.SeatsInUse:
                return Problems.Conflict(ErrorCodes.SeatsInUse, "Seats are already sold or held: the seating plan can no longer change.");
            case EventOutcome.InvalidSaleWindow:
                return Problems.Validation("salesEndAt", "The sales window must satisfy salesStartAt < salesEndAt <= eventDate.");
            case EventOutcome.UnstorableText:
                return Problems.Validation("body", "Text fields must not contain NUL characters.");
            default:
                return Problems.Unavailable();
        }
    }

    internal static ProblemHttpResult EventNotFound() => Problems.NotFound(ErrorCodes.EventNotFound, "No such event.");

}
