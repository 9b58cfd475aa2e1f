namespace Evently.Api.Events;

/// <summary>Body of <c>POST /events</c>; members nullable so missing fields become field errors.</summary>
public sealed record CreateEventRequest(
    string? Name, string? Description, string? Venue, DateTimeOffset? EventDate, int? TotalCapacity, decimal? Price,
    string? PricingPolicy, int? PromotionWindowMinutes,
    DateTimeOffset? SalesStartAt, DateTimeOffset? SalesEndAt, int? MaxTicketsPerUser, WaitingRoomRequest? WaitingRoom,
    int? HoldMinutes, bool? Publish = null);
