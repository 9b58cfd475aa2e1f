using Evently.Api.Hosting;
using System.Security.Claims;
using Evently.Api.Auth;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Contracts.Events;
using Evently.Domain.Bookings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.CheckIns;

/// <summary>Checking tickets in at the door: the event's grain decides, so of many doors scanning one ticket exactly one admits it.</summary>
public static class CheckInsApi
{
    public static void MapCheckInsApi(this IEndpointRouteBuilder api) =>
        api.MapPost("/events/{id:guid}/check-ins", CheckInAsync).RequireEventOrganizer().WithTags("Check-in")
            .WithName("CheckIn").Answers(404, ErrorCodes.BookingNotFound).Answers(409, ErrorCodes.AlreadyCheckedIn, ErrorCodes.CheckInNotOpen)
            .WithSummary("Check a booking in by its reference: 201 the first time, 409 already_checked_in after.");

    /// <summary>409 <c>already_checked_in</c> with the moment the booking was checked in.</summary>
    internal static ProblemHttpResult AlreadyCheckedIn(DateTimeOffset? checkedInAt) =>
        Problems.Conflict(ErrorCodes.AlreadyCheckedIn, "This booking was already checked in.",
            new Dictionary<string, object?> { ["checkedInAt"] = checkedInAt });

    private static async Task<Results<Created<CheckInResponse>, ProblemHttpResult>> CheckInAsync(
        Guid id, CheckInBody body, IGrainFactory grains)
    {
        // References are upper-case; a scanner or a person typing one may not be.
        var bookingRef = body.BookingRef?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(bookingRef))
        {
            return Problems.Validation("bookingRef", "bookingRef is required.");
        }

        if (!BookingRef.IsWellFormed(bookingRef))
        {
            return Problems.Validation("bookingRef", "bookingRef must look like EV-7K3M9QXA.");
        }

        var result = await grains.For<IEventGrain>(id).CheckInAsync(bookingRef);
        return result.Outcome switch
        {
            CheckInOutcome.CheckedIn => TypedResults.Created($"/api/v1/events/{id}/check-ins",
                new CheckInResponse(result.BookingRef!, result.Quantity, result.Seats, result.CheckedInAt!.Value)),
            CheckInOutcome.AlreadyCheckedIn => AlreadyCheckedIn(result.CheckedInAt),
            CheckInOutcome.BookingNotFound => Problems.NotFound(ErrorCodes.BookingNotFound, "No confirmed booking of this event has this reference."),
            CheckInOutcome.EventNotFound => EventsApi.EventNotFound(),
            CheckInOutcome.NotOpen => Problems.Conflict(ErrorCodes.CheckInNotOpen, "Check-in opens 24 hours before the event."),
            CheckInOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
            _ => Problems.Unavailable(),
        };
    }
}
