using System.Text.Json;

namespace Evently.Api.Events;

/// <summary>Body of <c>POST /events</c>; members nullable so missing fields become field errors.</summary>
public sealed record CreateEventRequest(
    string? Name, string? Description, string? Venue, DateTimeOffset? EventDate, int? TotalCapacity, decimal? Price,
    string? PricingPolicy, int? PromotionWindowMinutes,
    DateTimeOffset? SalesStartAt, DateTimeOffset? SalesEndAt, int? MaxTicketsPerUser, WaitingRoomRequest? WaitingRoom,
    int? HoldMinutes);

/// <summary>
/// Body of <c>PATCH /events/{id}</c>: any subset. <c>maxTicketsPerUser</c> and <c>waitingRoom</c> may be set to
/// <c>null</c> to remove them, so they are read as raw JSON (absent and <c>null</c> differ).
/// </summary>
public sealed record UpdateEventRequest(
    string? Name, string? Description, string? Venue, DateTimeOffset? EventDate, int? TotalCapacity, int? PromotionWindowMinutes,
    DateTimeOffset? SalesStartAt, DateTimeOffset? SalesEndAt, JsonElement MaxTicketsPerUser, JsonElement WaitingRoom,
    int? HoldMinutes);

/// <summary>An event's waiting room in a request: <c>admitPerMinute</c> required, the others defaulted.</summary>
public sealed record WaitingRoomRequest(int? AdmitPerMinute, int? AdmissionMinutes, int? OpensMinutesBefore);
