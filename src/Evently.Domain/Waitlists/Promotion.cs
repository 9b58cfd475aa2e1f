namespace Evently.Domain.Waitlists;

/// <summary>Seats held for a promoted waitlist entry until <see cref="ExpiresAt"/>.</summary>
public sealed record Promotion(Guid Id, int Quantity, DateTimeOffset PromotedAt, DateTimeOffset ExpiresAt);
