using Evently.Domain.Bookings;
using Evently.Domain.Holds;
using Evently.Domain.Waitlists;
using Evently.Domain.Events;

namespace Evently.Core.Answers;

/// <summary>
/// The answer to a booking command: the booking when there is one, and the seats left; a refusal by the sale's rules
/// says when sales open or how many seats the user may still take. On a seated event <see cref="Seats"/> are the
/// booking's seat ids, or for <see cref="BookingOutcome.SeatsTaken"/> and <see cref="BookingOutcome.InvalidSeats"/> the
/// seats at fault; for <see cref="BookingOutcome.NoAdjacentSeats"/> <see cref="LongestRun"/> is the longest run of free
/// seats next to each other where the request looked.
/// </summary>
public sealed record BookingAnswer(
    BookingOutcome Outcome, Booking? Booking, int AvailableSeats, DateTimeOffset? SalesStartAt = null, int? Remaining = null,
    IReadOnlyList<string>? Seats = null, int? LongestRun = null)
{
    /// <summary>An answer carrying no booking.</summary>
    public static BookingAnswer Of(BookingOutcome outcome, int availableSeats = 0) => new(outcome, null, availableSeats);
}

/// <summary>The event as clients may see it: committed fields, the status as of now, the waitlist's length.</summary>
public sealed record EventView(EventRecord Event, string VisibleStatus, int WaitlistLength);

/// <summary>The answer to an event command.</summary>
public sealed record EventAnswer(EventOutcome Outcome, EventView? Event)
{
    /// <summary>An answer carrying no event.</summary>
    public static EventAnswer Of(EventOutcome outcome) => new(outcome, null);
}

/// <summary>A waitlist entry with its live 1-based position (0 once it left the queue).</summary>
public sealed record WaitlistPlace(WaitlistEntry Entry, int Position);

/// <summary>The answer to a waitlist command (a refusal by the per-user limit says how many seats remain).</summary>
public sealed record WaitlistAnswer(WaitlistOutcome Outcome, WaitlistPlace? Place, int? Remaining = null, DateTimeOffset? SalesStartAt = null)
{
    /// <summary>An answer carrying no entry.</summary>
    public static WaitlistAnswer Of(WaitlistOutcome outcome) => new(outcome, null);
}

/// <summary>One page of the entries in line, and how many are in line.</summary>
public sealed record WaitlistPage(IReadOnlyList<WaitlistPlace> Items, int TotalCount);

/// <summary>
/// The answer to a checkout-hold command: the hold when there is one, the booking a confirm made, the seats left, and
/// for <see cref="HoldOutcome.Refused"/> the booking rule that refused it (holds obey the booking rules).
/// </summary>
public sealed record HoldAnswer(
    HoldOutcome Outcome, Hold? Hold, Booking? Booking = null, int AvailableSeats = 0, BookingOutcome? Refusal = null,
    DateTimeOffset? SalesStartAt = null, int? Remaining = null, IReadOnlyList<string>? Seats = null, int? LongestRun = null)
{
    /// <summary>An answer carrying no hold.</summary>
    public static HoldAnswer Of(HoldOutcome outcome) => new(outcome, null);

    /// <summary>A hold refused by a booking rule (sold out, not bookable, rate limited, ...).</summary>
    public static HoldAnswer Refused(BookingOutcome refusal, int availableSeats) => new(HoldOutcome.Refused, null, null, availableSeats, refusal);

    /// <summary>A hold refused by a booking rule, with what the refusal tells (when sales open, how many seats remain, the longest run).</summary>
    public static HoldAnswer Refused(BookingAnswer refusal) =>
        new(HoldOutcome.Refused, null, null, refusal.AvailableSeats, refusal.Outcome, refusal.SalesStartAt, refusal.Remaining, refusal.Seats,
            refusal.LongestRun);
}
