using Evently.Contracts.Sales;

namespace Evently.Contracts.Events;

/// <summary>A validated partial update; null members stay as they are.</summary>
[GenerateSerializer, Immutable]
public sealed record UpdateEvent(
    [property: Id(0)] long? ExpectedVersion,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] string? Venue,
    [property: Id(4)] DateTimeOffset? EventDate,
    [property: Id(5)] int? TotalCapacity,
    [property: Id(6)] int? PromotionWindowMinutes,
    [property: Id(7)] SaleChange? Sale = null,
    [property: Id(8)] int? HoldMinutes = null,
    [property: Id(9)] bool Publish = false);
