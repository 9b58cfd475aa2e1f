using Evently.Domain.Events;

namespace Evently.Persistence.Storage;

/// <summary>One row of <c>events</c>, immutable so the grain can hold a committed copy next to its live one.</summary>
public sealed record EventRow(
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
    DateTimeOffset UpdatedAt);
