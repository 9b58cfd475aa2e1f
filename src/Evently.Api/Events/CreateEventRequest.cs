using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Evently.Api.Events;

/// <summary>
/// Body of <c>POST /events</c>; members nullable so missing fields become field errors. The attributes are what the
/// OpenAPI document says of each member (docs/api.md#post-apiv1events): only what the handler requires is required.
/// </summary>
public sealed record CreateEventRequest(
    [property: Required, StringLength(200, MinimumLength = 1), Description("The event's name, 1..200 characters.")] string? Name,
    [property: StringLength(4000), Description("Free text up to 4,000 characters; empty when absent.")] string? Description,
    [property: Required, StringLength(200, MinimumLength = 1), Description("Where it takes place, 1..200 characters.")] string? Venue,
    [property: Required, Description("When it takes place: in the future, any ISO 8601 offset.")] DateTimeOffset? EventDate,
    [property: Required, Range(1, EventValidation.MaxCapacity), Description("Seats for sale (general admission); a seating plan sets it later.")] int? TotalCapacity,
    [property: Required, Range(typeof(decimal), "0", "100000"), Description("Base price of a ticket, at most two decimals.")] decimal? Price,
    [property: DefaultValue("fixed"), Description("fixed (price = basePrice) or demand (steps up as the event sells through).")] string? PricingPolicy,
    [property: Range(1, 10_080), DefaultValue(15), Description("How long a waitlist promotion holds its seats.")] int? PromotionWindowMinutes,
    [property: Description("When sales open; by default at creation.")] DateTimeOffset? SalesStartAt,
    [property: Description("When sales close; by default eventDate. salesStartAt < salesEndAt <= eventDate.")] DateTimeOffset? SalesEndAt,
    [property: Range(1, 100), Description("Seats one user may have confirmed, held or waitlisted; absent: no cap beyond a booking's limit.")] int? MaxTicketsPerUser,
    [property: Description("A waiting room admitting buyers in turn; absent: none.")] WaitingRoomRequest? WaitingRoom,
    [property: Range(1, 60), DefaultValue(10), Description("How long a checkout hold keeps its seats.")] int? HoldMinutes,
    [property: DefaultValue(true), Description("false: a draft only its organizer and admins see, not bookable until published.")] bool? Publish = null);
