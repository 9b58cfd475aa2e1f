using Evently.Contracts.Sales;

namespace Evently.Persistence.Queries;

/// <summary>An event row as stored (committed seats, not the grain's live view).</summary>
public sealed record EventListItem(
    Guid Id, Guid OrganizerId, string Name, string Description, string Venue, DateTimeOffset EventDate,
    int TotalCapacity, int AvailableSeats, int HeldSeats, decimal Price, decimal BasePrice, string PricingPolicy,
    string Status, int PromotionWindowMinutes, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset SalesStartAt, DateTimeOffset SalesEndAt, int? MaxTicketsPerUser, WaitingRoomTerms? WaitingRoom, int HoldMinutes);
