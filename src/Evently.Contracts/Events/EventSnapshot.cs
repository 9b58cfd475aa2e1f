using Evently.Contracts.Sales;

namespace Evently.Contracts.Events;

/// <summary>An event as clients see it.</summary>
[GenerateSerializer, Immutable]
public sealed record EventSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid OrganizerId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] string Venue,
    [property: Id(5)] DateTimeOffset EventDate,
    [property: Id(6)] int TotalCapacity,
    [property: Id(7)] int AvailableSeats,
    [property: Id(8)] int HeldSeats,
    [property: Id(9)] decimal Price,
    [property: Id(10)] decimal BasePrice,
    [property: Id(11)] string PricingPolicy,
    [property: Id(12)] string Status,
    [property: Id(13)] int PromotionWindowMinutes,
    [property: Id(14)] int WaitlistLength,
    [property: Id(15)] long Version,
    [property: Id(16)] DateTimeOffset CreatedAt,
    [property: Id(17)] DateTimeOffset UpdatedAt,
    [property: Id(18)] DateTimeOffset SalesStartAt,
    [property: Id(19)] DateTimeOffset SalesEndAt,
    [property: Id(20)] int? MaxTicketsPerUser,
    [property: Id(21)] WaitingRoomTerms? WaitingRoom,
    [property: Id(22)] int HoldMinutes = 10);
