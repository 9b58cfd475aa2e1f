using Evently.Domain.Bookings;

namespace Evently.Contracts.Bookings;

/// <summary>
/// The outcome of a check-in at the door: the booking's reference, quantity and seats (seated events) and when it was
/// checked in, for <see cref="CheckInOutcome.CheckedIn"/> and <see cref="CheckInOutcome.AlreadyCheckedIn"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CheckInResult(
    [property: Id(0)] CheckInOutcome Outcome,
    [property: Id(1)] string? BookingRef = null,
    [property: Id(2)] int Quantity = 0,
    [property: Id(3)] IReadOnlyList<string>? Seats = null,
    [property: Id(4)] DateTimeOffset? CheckedInAt = null);
