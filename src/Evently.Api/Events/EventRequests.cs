namespace Evently.Api.Events;

/// <summary>Body of <c>POST /events</c>; members nullable so missing fields become field errors.</summary>
public sealed record CreateEventRequest(
    string? Name, string? Description, string? Venue, DateTimeOffset? EventDate, int? TotalCapacity, decimal? Price,
    string? PricingPolicy, int? PromotionWindowMinutes, int? HoldMinutes = null);

/// <summary>Body of <c>PATCH /events/{id}</c>: any subset.</summary>
public sealed record UpdateEventRequest(
    string? Name, string? Description, string? Venue, DateTimeOffset? EventDate, int? TotalCapacity, int? PromotionWindowMinutes,
    int? HoldMinutes = null);
