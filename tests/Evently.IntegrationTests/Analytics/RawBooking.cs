namespace Evently.IntegrationTests.Analytics;

/// <summary>A bookings row.</summary>
public sealed record RawBooking(Guid EventId, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt, string Status, int Quantity, decimal TotalAmount);
