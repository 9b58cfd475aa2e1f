using System.Text.Json;

namespace Evently.Api.Events;

/// <summary>
/// Body of <c>PATCH /events/{id}</c>: any subset. <c>maxTicketsPerUser</c> and <c>waitingRoom</c> may be set to
/// <c>null</c> to remove them, so they are read as raw JSON (absent and <c>null</c> differ).
/// </summary>
public sealed record UpdateEventRequest(
    string? Name, string? Description, string? Venue, DateTimeOffset? EventDate, int? TotalCapacity, int? PromotionWindowMinutes,
    DateTimeOffset? SalesStartAt, DateTimeOffset? SalesEndAt, JsonElement MaxTicketsPerUser, JsonElement WaitingRoom,
    int? HoldMinutes);
