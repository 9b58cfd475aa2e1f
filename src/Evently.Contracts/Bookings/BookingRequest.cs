namespace Evently.Contracts.Bookings;

/// <summary>A validated booking request.</summary>
[GenerateSerializer, Immutable]
public sealed record BookingRequest(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] string? IdempotencyKey,
    [property: Id(3)] IReadOnlyList<string>? Seats = null,
    [property: Id(4)] string? Section = null,
    [property: Id(5)] bool Together = false);
