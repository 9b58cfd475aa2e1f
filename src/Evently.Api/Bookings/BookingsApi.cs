using Evently.Api.Auth;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Api.Seating;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Grains.Options;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Evently.Domain.Bookings;

namespace Evently.Api.Bookings;

/// <summary>Booking seats, reading one's bookings, cancelling them.</summary>
public static class BookingsApi
{
    public static void MapBookingsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events/{id:guid}/bookings", BookAsync).RequireAuthorization(AuthPolicies.User).WithTags("Bookings")
            .WithName("BookEvent").HidesDrafts().AnswersTakingSeats().WithSummary("Book seats; answered once the booking is durable. Honours Idempotency-Key.");
        var bookings = api.MapGroup("/bookings").WithTags("Bookings").RequireAuthorization(AuthPolicies.User);
        bookings.MapGet("/", ListAsync).WithName("ListBookings").WithSummary("The caller's bookings across all shards, newest first.");
        bookings.MapGet("/{id:guid}", GetAsync).WithName("GetBooking").WithSummary("One booking: the caller's own, or anyone's for admins.");
        bookings.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelBooking").Answers(409, ErrorCodes.AlreadyCheckedIn)
            .WithSummary("Cancel a booking; seats go back. Idempotent. A checked-in booking is not refunded.");
    }

    private static async Task<Results<Created<BookingResponse>, Ok<BookingResponse>, ProblemHttpResult>> BookAsync(
        Guid id, BookingBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IGrainFactory grains, IOptions<BookingOptions> options, BookingDirectory directory, HttpContext context)
    {
        var (quantity, problem) = SeatsRequestValidator.Validate(body, idempotencyKey, options.Value.MaxQuantity);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetGrain<IEventGrain>(id).BookAsync(
            new BookingRequest(context.User.UserId(), quantity, idempotencyKey, body.Seats, body.Section, body.Together ?? false));
        if (result.Booking is { } made)
        {
            directory.Remember(made.Id, made.EventId, made.UserId);
        }

        return result.Outcome switch
        {
            BookingOutcome.Confirmed => TypedResults.Created($"/api/v1/bookings/{result.Booking!.Id}", BookingResponse.From(result.Booking)),
            BookingOutcome.Replayed => TypedResults.Ok(BookingResponse.From(result.Booking!)),
            _ => Refusal(result.Outcome, result.AvailableSeats, result.SalesStartAt, result.Remaining, context, result.Seats),
        };
    }

    /// <summary>The problem for a request for seats that took none: shared by bookings and checkout holds, which obey the same rules.</summary>
    /// <summary>The problems <see cref="Refusal"/> answers, for the booking and hold endpoints that take seats.</summary>
    internal static TBuilder AnswersTakingSeats<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.Answers(403, ErrorCodes.AdmissionRequired)
            .Answers(409, ErrorCodes.SoldOut, ErrorCodes.EventNotBookable, ErrorCodes.IdempotencyKeyReused, ErrorCodes.SalesNotOpen,
                ErrorCodes.SalesClosed, ErrorCodes.TicketLimitReached, ErrorCodes.SeatsTaken)
            .Answers(429, ErrorCodes.RateLimited);

    internal static ProblemHttpResult Refusal(
        BookingOutcome outcome, int availableSeats, DateTimeOffset? salesStartAt, int? remaining, HttpContext context,
        IReadOnlyList<string>? seats = null) => outcome switch
    {
        BookingOutcome.SeatsTaken => Problems.Conflict(ErrorCodes.SeatsTaken, "Some of these seats are already taken; nothing was booked.",
            new Dictionary<string, object?> { ["seats"] = seats ?? [] }),
        BookingOutcome.InvalidSeats => Problems.Validation("seats", seats is { Count: > 0 }
            ? $"This event has no seats {string.Join(", ", seats)}."
            : "This event has no such seats or section, or no seating plan."),
        BookingOutcome.SoldOut => Problems.Conflict(ErrorCodes.SoldOut, "Not enough seats left.",
            new Dictionary<string, object?> { ["availableSeats"] = availableSeats }),
        BookingOutcome.NotBookable => Problems.Conflict(ErrorCodes.EventNotBookable, "The event is a draft, cancelled or over."),
        BookingOutcome.EventNotFound => EventsApi.EventNotFound(),
        BookingOutcome.KeyReused => Problems.Conflict(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used for a different request."),
        BookingOutcome.RateLimited => Problems.RateLimited(context, 1),
        BookingOutcome.SalesNotOpen => Problems.SalesNotOpen(salesStartAt),
        BookingOutcome.SalesClosed => Problems.SalesClosed(),
        BookingOutcome.TicketLimitReached => Problems.TicketLimitReached(remaining ?? 0),
        BookingOutcome.AdmissionRequired => Problems.AdmissionRequired(),
        BookingOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
        BookingOutcome.UnstorableText => Problems.Validation("Idempotency-Key", "Idempotency-Key must be printable ASCII."),
        _ => Problems.Unavailable(),
    };

    private static async Task<Results<Ok<Paged<BookingResponse>>, ProblemHttpResult>> ListAsync(
        BookingReads reads, HttpContext context, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (p, size) = paging.Read(errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await reads.ForUserAsync(context.User.UserId(), p, size, cancellationToken);
        return TypedResults.Ok(new Paged<BookingResponse>(result.Items.Select(BookingResponse.From).ToList(), result.Page, result.PageSize, result.TotalCount));
    }

    private static async Task<Results<Ok<BookingResponse>, ProblemHttpResult>> GetAsync(
        Guid id, BookingReads reads, BookingDirectory directory, HttpContext context, CancellationToken cancellationToken)
    {
        var booking = await reads.GetAsync(id, cancellationToken);
        if (booking is not null)
        {
            directory.Remember(booking.Id, booking.EventId, booking.UserId);
        }

        return booking is not null && (booking.UserId == context.User.UserId() || context.User.IsAdmin())
            ? TypedResults.Ok(BookingResponse.From(booking))
            : BookingNotFound();
    }

    private static async Task<Results<Ok<BookingResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, BookingDirectory directory, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        // The grain reads the booking's row itself (and re-checks its owner): here only its event is needed, from memory
        // when this front end answered for the booking before.
        var caller = context.User.UserId();
        var isAdmin = context.User.IsAdmin();
        var owner = await directory.FindAsync(id, cancellationToken);
        if (owner is null || (owner.UserId != caller && !isAdmin))
        {
            return BookingNotFound();
        }

        var result = await grains.GetGrain<IEventGrain>(owner.EventId).CancelBookingAsync(id, caller, isAdmin);
        return result.Outcome switch
        {
            BookingOutcome.Cancelled => TypedResults.Ok(BookingResponse.From(result.Booking!)),
            BookingOutcome.BookingNotFound => BookingNotFound(),
            BookingOutcome.AlreadyCheckedIn => CheckIns.CheckInsApi.AlreadyCheckedIn(result.Booking?.CheckedInAt),
            BookingOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
            _ => Problems.Unavailable(),
        };
    }

    private static ProblemHttpResult BookingNotFound() => Problems.NotFound(ErrorCodes.BookingNotFound, "No such booking.");
}
