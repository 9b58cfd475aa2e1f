using Evently.Api.Auth;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Contracts.Events;
using Evently.Contracts.Seating;
using Evently.Domain.Seating;
using Evently.Grains.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Evently.Domain.Events;

namespace Evently.Api.Seating;

/// <summary>Reserved seating (API 1.2): an event's seating plan and its live seat map.</summary>
public static class SeatingApi
{
    /// <summary>The largest seating-plan body accepted: a 100,000-seat plan naming a category per seat fits.</summary>
    public const long MaxPlanBytes = 4 * 1024 * 1024;

    /// <summary>Maps the seating endpoints.</summary>
    public static void MapSeatingApi(this IEndpointRouteBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Seating");
        events.MapPut("/{id:guid}/seating-plan", SetPlanAsync).RequireEventOrganizer().WithName("SetSeatingPlan").Answers(409, ErrorCodes.SeatsInUse, ErrorCodes.EventNotBookable)
            .WithMetadata(new RequestSizeLimitAttribute(MaxPlanBytes))
            .WithSummary("Set the event's seating plan (up to 100,000 seats); totalCapacity becomes its seat count. 409 seats_in_use once a seat is sold or held.");
        events.MapGet("/{id:guid}/seating-plan", GetPlanAsync).AllowAnonymous().HidesDrafts().WithName("GetSeatingPlan").Answers(404, ErrorCodes.NotFound)
            .WithSummary("The event's seating plan.");
        events.MapGet("/{id:guid}/seats", GetSeatsAsync).AllowAnonymous().HidesDrafts().WithName("GetSeats").Answers(404, ErrorCodes.NotFound)
            .WithSummary("Availability per row, one character per seat: a available, h held, s sold. Optional ?section=.");
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> SetPlanAsync(
        Guid id, SeatingPlanTerms body, IGrainFactory grains, HttpContext context)
    {
        var errors = SeatingPlanRules.Validate(SeatingTermsMapping.ToPlan(body));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        var result = await grains.GetGrain<IEventGrain>(id).SetSeatingPlanAsync(body);
        return result.Outcome == EventOutcome.SeatsInUse
            ? Problems.Conflict(ErrorCodes.SeatsInUse, "Seats are already sold or held: the seating plan can no longer change.")
            : EventsApi.ToResponse(result, context);
    }

    private static async Task<Results<Ok<SeatingPlanTerms>, ProblemHttpResult>> GetPlanAsync(Guid id, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IEventGrain>(id).GetSeatingPlanAsync();
        return result.Outcome == SeatingOutcome.Ok ? TypedResults.Ok(result.Plan!) : Problem(result.Outcome);
    }

    private static async Task<Results<Ok<SeatAvailability>, ProblemHttpResult>> GetSeatsAsync(Guid id, string? section, IGrainFactory grains)
    {
        if (section is { Length: 0 or > 40 })
        {
            return Problems.Validation("section", "section must be 1..40 characters.");
        }

        var result = await grains.GetGrain<IEventGrain>(id).GetSeatsAsync(section);
        return result.Outcome == SeatingOutcome.Ok ? TypedResults.Ok(result.Seats!) : Problem(result.Outcome);
    }

    private static ProblemHttpResult Problem(SeatingOutcome outcome) => outcome switch
    {
        SeatingOutcome.EventNotFound => EventsApi.EventNotFound(),
        SeatingOutcome.NoSeatingPlan => Problems.NotFound(ErrorCodes.NotFound, "This event sells general admission: it has no seating plan."),
        _ => Problems.Validation("section", "The seating plan has no such section."),
    };
}
