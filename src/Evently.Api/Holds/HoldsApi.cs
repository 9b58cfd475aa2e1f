using Evently.Api.Auth;
using Evently.Api.Bookings;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Api.Seating;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Contracts.Holds;
using Evently.Grains.Options;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Evently.Domain.Holds;
using Evently.Domain.Bookings;

namespace Evently.Api.Holds;

/// <summary>
/// Checkout holds: seats held while the buyer pays, confirmed into a booking or given back. A hold's id routes to its
/// shard; its row names the event whose grain decides about it.
/// </summary>
public static class HoldsApi
{
    public static void MapHoldsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events/{id:guid}/holds", HoldAsync).RequireAuthorization(AuthPolicies.User).WithTags("Holds").WithName("HoldSeats").HidesDrafts().AnswersTakingSeats()
            .WithSummary("Hold seats for checkout under the booking rules; answered once durable. Honours Idempotency-Key.");
        var holds = api.MapGroup("/holds").WithTags("Holds").RequireAuthorization(AuthPolicies.User);
        holds.MapGet("/{id:guid}", GetAsync).WithName("GetHold").Answers(404, ErrorCodes.HoldNotFound).WithSummary("One hold: the caller's own, or anyone's for admins.");
        holds.MapPost("/{id:guid}/confirm", ConfirmAsync).WithName("ConfirmHold").Answers(404, ErrorCodes.HoldNotFound).Answers(409, ErrorCodes.HoldExpired)
            .WithSummary("Turn the caller's hold into a booking at the held price (201; a repeat 200 with the same booking); 409 hold_expired once past expiresAt or released.");
        holds.MapDelete("/{id:guid}", ReleaseAsync).WithName("ReleaseHold").Answers(404, ErrorCodes.HoldNotFound).Answers(409, ErrorCodes.HoldConfirmed)
            .WithSummary("Give a hold's seats back, waitlist first (owner or admin). Idempotent; 409 hold_confirmed once it became a booking.");
    }

    private static async Task<Results<Created<HoldView>, Ok<HoldView>, ProblemHttpResult>> HoldAsync(
        Guid id, HoldBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IGrainFactory grains, IOptions<BookingOptions> options, HoldDirectory directory, HttpContext context)
    {
        var (quantity, problem) = SeatsRequestValidator.Validate(body, idempotencyKey, options.Value.MaxQuantity);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetGrain<IEventGrain>(id).HoldAsync(
            new HoldRequest(context.User.UserId(), quantity, idempotencyKey, body.Seats, body.Section, body.Together ?? false));
        if (result.Hold is { } made)
        {
            directory.Remember(made.Id, made.EventId, made.UserId);
        }

        return result.Outcome switch
        {
            HoldOutcome.Held => TypedResults.Created($"/api/v1/holds/{result.Hold!.Id}", result.Hold),
            HoldOutcome.Replayed => TypedResults.Ok(result.Hold!),
            HoldOutcome.Refused => BookingsApi.Refusal(result.Refusal ?? BookingOutcome.Unavailable, result.AvailableSeats, result.SalesStartAt, result.Remaining, context, result.Seats),
            HoldOutcome.EventNotFound => EventsApi.EventNotFound(),
            HoldOutcome.KeyReused => Problems.Conflict(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used for a different request."),
            HoldOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
            _ => Problems.Unavailable(),
        };
    }

    private static async Task<Results<Ok<HoldView>, ProblemHttpResult>> GetAsync(
        Guid id, HoldDirectory reads, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.User.UserId();
        var isAdmin = context.User.IsAdmin();
        if (await FindAsync(id, reads, caller, isAdmin, cancellationToken) is not { } owner)
        {
            return HoldNotFound();
        }

        var result = await grains.GetGrain<IEventGrain>(owner.EventId).GetHoldAsync(id, caller, isAdmin);
        return result.Outcome switch
        {
            HoldOutcome.Held => TypedResults.Ok(result.Hold!),
            HoldOutcome.HoldNotFound or HoldOutcome.EventNotFound => HoldNotFound(),
            _ => Problems.Unavailable(),
        };
    }

    private static async Task<Results<Created<BookingResponse>, Ok<BookingResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid id, HoldDirectory reads, BookingDirectory bookings, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        // Only the owner confirms: an admin sees the hold, but the purchase is the buyer's.
        var caller = context.User.UserId();
        if (await FindAsync(id, reads, caller, callerIsAdmin: false, cancellationToken) is not { } owner)
        {
            return HoldNotFound();
        }

        var result = await grains.GetGrain<IEventGrain>(owner.EventId).ConfirmHoldAsync(id, caller);
        if (result.Booking is { } made)
        {
            bookings.Remember(made.Id, made.EventId, made.UserId);
        }

        return result.Outcome switch
        {
            HoldOutcome.Confirmed => TypedResults.Created($"/api/v1/bookings/{result.Booking!.Id}", BookingResponse.From(result.Booking)),
            HoldOutcome.AlreadyConfirmed => TypedResults.Ok(BookingResponse.From(result.Booking!)),
            HoldOutcome.HoldExpired => Problems.Conflict(ErrorCodes.HoldExpired, "The hold expired or was released; its seats are no longer held."),
            HoldOutcome.Refused => BookingsApi.Refusal(result.Refusal ?? BookingOutcome.Unavailable, result.AvailableSeats, result.SalesStartAt, result.Remaining, context),
            HoldOutcome.HoldNotFound or HoldOutcome.EventNotFound => HoldNotFound(),
            HoldOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
            _ => Problems.Unavailable(),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(
        Guid id, HoldDirectory reads, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.User.UserId();
        var isAdmin = context.User.IsAdmin();
        if (await FindAsync(id, reads, caller, isAdmin, cancellationToken) is not { } owner)
        {
            return HoldNotFound();
        }

        var result = await grains.GetGrain<IEventGrain>(owner.EventId).ReleaseHoldAsync(id, caller, isAdmin);
        return result.Outcome switch
        {
            HoldOutcome.Released => TypedResults.NoContent(),
            HoldOutcome.HoldConfirmed => Problems.Conflict(ErrorCodes.HoldConfirmed, "The hold was confirmed; cancel the booking instead."),
            HoldOutcome.HoldNotFound or HoldOutcome.EventNotFound => HoldNotFound(),
            HoldOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
            _ => Problems.Unavailable(),
        };
    }

    /// <summary>The hold's event, when the caller may see the hold (another user's reads as not found).</summary>
    private static async Task<HoldOwner?> FindAsync(Guid id, HoldDirectory reads, Guid caller, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        var owner = await reads.FindAsync(id, cancellationToken);
        return owner is not null && (callerIsAdmin || owner.UserId == caller) ? owner : null;
    }

    private static ProblemHttpResult HoldNotFound() => Problems.NotFound(ErrorCodes.HoldNotFound, "No such hold.");
}
