using Evently.Contracts.Events;
using Evently.Contracts.Sales;
using Evently.Core;
using Evently.Grains.Events;

namespace Evently.Api.Events;

/// <summary>
/// An event as docs/api.md#events shows it: one shape for <c>GET /events/{id}</c>, the admin edits and browse. Browse is served from
/// the catalog read model, which holds the <c>events</c> rows and not the waitlists, so there
/// <see cref="WaitlistLength"/> is absent; the event's own read answers it live from its grain.
/// </summary>
public sealed record EventResponse(
    Guid Id,
    Guid OrganizerId,
    string Name,
    string Description,
    string Venue,
    DateTimeOffset EventDate,
    int TotalCapacity,
    int AvailableSeats,
    int HeldSeats,
    decimal Price,
    decimal BasePrice,
    string PricingPolicy,
    string Status,
    int PromotionWindowMinutes,
    int? WaitlistLength,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset SalesStartAt,
    DateTimeOffset SalesEndAt,
    int? MaxTicketsPerUser,
    WaitingRoomTerms? WaitingRoom,
    int HoldMinutes)
{
    /// <summary>The event as its grain answered it: live seats, price and waitlist.</summary>
    public static EventResponse From(EventSnapshot e) => new(
        e.Id, e.OrganizerId, e.Name, e.Description, e.Venue, e.EventDate, e.TotalCapacity, e.AvailableSeats, e.HeldSeats, e.Price,
        e.BasePrice, e.PricingPolicy, e.Status, e.PromotionWindowMinutes, e.WaitlistLength, e.Version, e.CreatedAt, e.UpdatedAt,
        e.SalesStartAt, e.SalesEndAt, e.MaxTicketsPerUser, e.WaitingRoom, e.HoldMinutes);

    /// <summary>The event as the catalog holds its row (committed seats, stored status, no waitlist length).</summary>
    public static EventResponse From(EventRecord e) => new(
        e.Id, e.OrganizerId, e.Name, e.Description, e.Venue, e.EventDate, e.Seats.TotalCapacity, e.Seats.AvailableSeats, e.Seats.HeldSeats,
        e.Price, e.BasePrice, e.PricingPolicy, e.Status, e.PromotionWindowMinutes, null, e.EditVersion, e.CreatedAt, e.UpdatedAt,
        e.Sale.SalesStartAt, e.Sale.SalesEndAt, e.Sale.MaxTicketsPerUser, SaleTermsMapping.ToTerms(e.Sale.WaitingRoom), e.HoldMinutes);
}
