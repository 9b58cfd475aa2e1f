using Evently.Api.Hosting;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Contracts.Events;
using Evently.Persistence.Queries;
using Microsoft.Net.Http.Headers;

namespace Evently.Api.Organizers;

/// <summary><c>/events/{id}/attendees</c>: an event's confirmed bookings, for its organizer and admins; paged JSON or the whole list as CSV.</summary>
public static class AttendeesApi
{
    public static void MapAttendeesApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/events/{id:guid}/attendees", ListAsync).RequireEventOrganizer().WithTags("Organizers").WithName("ListAttendees")
            .Produces<Paged<Attendee>>(StatusCodes.Status200OK, "application/json", AttendeesCsv.MediaType)
            .WithSummary("The event's confirmed bookings by booking time: a page (q matches booking ref or name), or with Accept: text/csv every attendee as CSV, streamed.");

    private static async Task<IResult> ListAsync(
        Guid id, string? q, int? page, int? pageSize, HttpContext context, IGrainFactory grains, AttendeeReads reads, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Check(q?.Length > 200, "q", "q is at most 200 characters.").Plain(q, "q");
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await grains.For<IEventGrain>(id).GetAsync() is null)
        {
            return EventsApi.EventNotFound();
        }

        var accept = context.Request.GetTypedHeaders().Accept;
        if (accept.Any(a => a.MediaType.Equals(AttendeesCsv.MediaType, StringComparison.OrdinalIgnoreCase)))
        {
            return new AttendeesCsv(id, reads.AllAsync(id, cancellationToken));
        }

        return TypedResults.Ok(await reads.PageAsync(id, q, p, size, cancellationToken));
    }
}
