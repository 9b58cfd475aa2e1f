using Evently.Domain.Bookings;
namespace Evently.Contracts.Bookings;

/// <summary>
/// The outcome of a booking command, the booking when there is one, and the seats left; a refusal by the sale's rules
/// says when sales open (<see cref="SalesStartAt"/>) or how many seats the user may still take (<see cref="Remaining"/>);
/// seats asked for together that are free but not next to each other tell the longest run there is (<see cref="LongestRun"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BookingResult(
    [property: Id(0)] BookingOutcome Outcome,
    [property: Id(1)] BookingView? Booking,
    [property: Id(2)] int AvailableSeats,
    [property: Id(3)] DateTimeOffset? SalesStartAt = null,
    [property: Id(4)] int? Remaining = null,
    [property: Id(5)] IReadOnlyList<string>? Seats = null,
    [property: Id(6)] int? LongestRun = null)
{
    /// <summary>A result carrying no booking.</summary>
    public static BookingResult Of(BookingOutcome outcome, int availableSeats = 0) => new(outcome, null, availableSeats);
}
