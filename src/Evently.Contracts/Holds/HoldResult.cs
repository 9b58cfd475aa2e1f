using Evently.Contracts.Bookings;
using Evently.Domain.Holds;
using Evently.Domain.Bookings;

namespace Evently.Contracts.Holds;

/// <summary>
/// The outcome of a hold command: the hold, the booking a confirm made, the seats left, and for
/// <see cref="HoldOutcome.Refused"/> the booking outcome that refused it (holds obey the booking rules)
/// with what that refusal tells: when sales open, how many seats the user may still take, the longest run of seats together.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HoldResult(
    [property: Id(0)] HoldOutcome Outcome,
    [property: Id(1)] HoldView? Hold,
    [property: Id(2)] BookingView? Booking,
    [property: Id(3)] int AvailableSeats,
    [property: Id(4)] BookingOutcome? Refusal,
    [property: Id(5)] DateTimeOffset? SalesStartAt = null,
    [property: Id(6)] int? Remaining = null,
    [property: Id(7)] IReadOnlyList<string>? Seats = null,
    [property: Id(8)] int? LongestRun = null);
