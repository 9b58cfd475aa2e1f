using Evently.Domain.Bookings;

namespace Evently.Core.Answers;

/// <summary>The answer to a check-in: the booking and when it was checked in, and on a seated event its seat ids.</summary>
public sealed record CheckInAnswer(CheckInOutcome Outcome, Booking? Booking = null, DateTimeOffset? CheckedInAt = null, IReadOnlyList<string>? Seats = null)
{
    /// <summary>An answer carrying no booking.</summary>
    public static CheckInAnswer Of(CheckInOutcome outcome) => new(outcome);
}
