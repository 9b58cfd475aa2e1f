using Evently.Api.Auth;
using Evently.Api.Events;
using Evently.Api.Http;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Grains.Options;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Evently.Api.Bookings;

/// <summary>Booking seats, reading one's bookings, cancelling them.</summary>
public static class BookingsApi
{
    public static void MapBookingsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events/{id:guid}/bookings", BookAsync).RequireAuthorization(AuthPolicies.User).WithTags("Bookings")
            .WithName("BookEvent").WithSummary("Book seats; answered once the booking is durable. Honours Idempotency-Key.");
        var bookings = api.MapGroup("/bookings").WithTags("Bookings").RequireAuthorization(AuthPolicies.User);
        bookings.MapGet("/", ListAsync).WithName("ListBookings").WithSummary("The caller's bookings across all shards, newest first.");
        bookings.MapGet("/{id:guid}", GetAsync).WithName("GetBooking").WithSummary("One booking: the caller's own, or anyone's for admins.");
        bookings.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelBooking").WithSummary("Cancel a booking; seats go back. Idempotent.");
    }

    private static async Task<Results<Created<BookingView>, Ok<BookingView>, ProblemHttpResult>> BookAsync(
        Guid id, BookingBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IGrainFactory grains, IOptions<BookingOptions> options, HttpContext context)
    {
        var max = options.Value.MaxQuantity;
        var errors = new FieldErrors()
            .Check(body.Quantity is null, "quantity", "quantity is required.")
            .Check(body.Quantity is { } q && (q < 1 || q > max), "quantity", $"quantity must be 1..{max}.")
            .Check(idempotencyKey is { Length: 0 or > 64 }, "Idempotency-Key", "Idempotency-Key must be 1..64 characters.")
            .Check(idempotencyKey is not null && idempotencyKey.Any(c => c < 0x21 || c > 0x7E), "Idempotency-Key", "Idempotency-Key must be printable ASCII.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetGrain<IEventGrain>(id).BookAsync(new BookingRequest(context.User.UserId(), body.Quantity!.Value, idempotencyKey));
        return result.Outcome switch
        {
            BookingOutcome.Confirmed => TypedResults.Created($"/api/v1/bookings/{result.Booking!.Id}", Public(result.Booking)),
            BookingOutcome.Replayed => TypedResults.Ok(Public(result.Booking!)),
            _ => Refusal(result.Outcome, result.AvailableSeats, result.SalesStartAt, result.Remaining, context),
        };
    }

    /// <summary>The problem for a request for seats that took none: shared by bookings and checkout holds, which obey the same rules.</summary>
    internal static ProblemHttpResult Refusal(
        BookingOutcome outcome, int availableSeats, DateTimeOffset? salesStartAt, int? remaining, HttpContext context) => outcome switch
    {
        BookingOutcome.SoldOut => Problems.Conflict(ErrorCodes.SoldOut, "Not enough seats left.",
            new Dictionary<string, object?> { ["availableSeats"] = availableSeats }),
        BookingOutcome.NotBookable => Problems.Conflict(ErrorCodes.EventNotBookable, "The event is cancelled or over."),
        BookingOutcome.EventNotFound => EventsApi.EventNotFound(),
        BookingOutcome.KeyReused => Problems.Conflict(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used for a different request."),
        BookingOutcome.RateLimited => Problems.RateLimited(context, 1),
        BookingOutcome.SalesNotOpen => Problems.SalesNotOpen(salesStartAt),
        BookingOutcome.SalesClosed => Problems.SalesClosed(),
        BookingOutcome.TicketLimitReached => Problems.TicketLimitReached(remaining ?? 0),
        BookingOutcome.AdmissionRequired => Problems.AdmissionRequired(),
        BookingOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
        _ => Problems.Unavailable(),
    };

    private static async Task<Results<Ok<Paged<BookingView>>, ProblemHttpResult>> ListAsync(
        BookingReads reads, HttpContext context, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (p, size) = paging.Read(errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await reads.ForUserAsync(context.User.UserId(), p, size, cancellationToken);
        return TypedResults.Ok(result with { Items = result.Items.Select(Public).ToList() });
    }

    private static async Task<Results<Ok<BookingView>, ProblemHttpResult>> GetAsync(Guid id, BookingReads reads, HttpContext context, CancellationToken cancellationToken)
    {
        var booking = await reads.GetAsync(id, cancellationToken);
        return booking is not null && (booking.UserId == context.User.UserId() || context.User.IsAdmin())
            ? TypedResults.Ok(Public(booking))
            : BookingNotFound();
    }

    private static async Task<Results<Ok<BookingView>, ProblemHttpResult>> CancelAsync(Guid id, BookingReads reads, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.User.UserId();
        var isAdmin = context.User.IsAdmin();
        var booking = await reads.GetAsync(id, cancellationToken);
        if (booking is null || (booking.UserId != caller && !isAdmin))
        {
            return BookingNotFound();
        }

        var result = await grains.GetGrain<IEventGrain>(booking.EventId).CancelBookingAsync(id, caller, isAdmin);
        return result.Outcome switch
        {
            BookingOutcome.Cancelled => TypedResults.Ok(Public(result.Booking!)),
            BookingOutcome.BookingNotFound => BookingNotFound(),
            BookingOutcome.OutcomeUnknown => Problems.OutcomeUnknown(),
            _ => Problems.Unavailable(),
        };
    }

    private static ProblemHttpResult BookingNotFound() => Problems.NotFound(ErrorCodes.BookingNotFound, "No such booking.");

    // The idempotency key is the client's own secret-ish token: never echo it in lists.
    private static BookingView Public(BookingView booking) => booking with { IdempotencyKey = null };
}
