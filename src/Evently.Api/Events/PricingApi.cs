using Evently.Api.Hosting;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Contracts.Events;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Events;

/// <summary>Pricing, for the event's organizer and admins: set the base price, read the price history.</summary>
public static class PricingApi
{
    public static void MapPricingApi(this IEndpointRouteBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Pricing").RequireEventOrganizer();
        events.MapPut("/{id:guid}/price", SetPriceAsync).WithName("SetEventPrice").WithSummary("Set the base price; recorded in the price history.");
        events.MapGet("/{id:guid}/price-history", HistoryAsync).WithName("GetPriceHistory").WithSummary("Every price change, newest first.");
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> SetPriceAsync(Guid id, SetPriceRequest body, IGrainFactory grains, HttpContext context)
    {
        var errors = new FieldErrors()
            .Check(body.Price is null, "price", "price is required.")
            .Text(body.Reason, "reason", 1, 200);
        EventValidation.CheckPrice(errors, body.Price);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await grains.For<IEventGrain>(id).SetPriceAsync(body.Price!.Value, body.Reason!.Trim(), context.User.UserId());
        return EventsApi.ToResponse(result, context);
    }

    private static async Task<Results<Ok<IReadOnlyList<PriceHistoryEntry>>, ProblemHttpResult>> HistoryAsync(
        Guid id, IGrainFactory grains, PricingReads reads, CancellationToken cancellationToken)
    {
        if (await grains.For<IEventGrain>(id).GetAsync() is null)
        {
            return EventsApi.EventNotFound();
        }

        return TypedResults.Ok(await reads.HistoryAsync(id, cancellationToken));
    }
}
