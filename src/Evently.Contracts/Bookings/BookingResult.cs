namespace Evently.Contracts.Bookings;

/// <summary>The outcome of a booking command, the booking when there is one, and the seats left.</summary>
[GenerateSerializer, Immutable]
public sealed record BookingResult(
    [property: Id(0)] BookingOutcome Outcome,
    [property: Id(1)] BookingView? Booking,
    [property: Id(2)] int AvailableSeats)
{
    /// <summary>A result carrying no booking.</summary>
    public static BookingResult Of(BookingOutcome outcome, int availableSeats = 0) => new(outcome, null, availableSeats);
}
