using Evently.Contracts.Sales;

namespace Evently.Contracts.Events;

/// <summary>A validated request to create an event.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateEvent(
    [property: Id(0)] Guid OrganizerId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string Venue,
    [property: Id(4)] DateTimeOffset EventDate,
    [property: Id(5)] int TotalCapacity,
    [property: Id(6)] decimal Price,
    [property: Id(7)] string PricingPolicy,
    [property: Id(8)] int PromotionWindowMinutes,
    [property: Id(9)] SaleTerms? Sale = null,
    [property: Id(10)] int HoldMinutes = 10,
    [property: Id(11)] bool Draft = false);
