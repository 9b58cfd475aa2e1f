using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Holds;

namespace Evently.Core;

/// <summary>
/// An event's own fields: immutable, so the core keeps the committed copy next to the live one. <see cref="Version"/>
/// guards every commit; <see cref="EditVersion"/> counts only its organizer's changes and is what the ETag stands for.
/// </summary>
public sealed record EventRecord(
    Guid Id,
    Guid OrganizerId,
    string Name,
    string Description,
    string Venue,
    DateTimeOffset EventDate,
    SeatLedger Seats,
    decimal Price,
    decimal BasePrice,
    string PricingPolicy,
    string Status,
    int PromotionWindowMinutes,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    SaleSettings Sale,
    int HoldMinutes = HoldRules.DefaultMinutes,
    long EditVersion = 1);
