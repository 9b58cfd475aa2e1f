using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Answers;

/// <summary>
/// The answer to a booking command: the booking when there is one, and the seats left; a refusal by the sale's rules
/// says when sales open or how many seats the user may still take.
/// </summary>
public sealed record BookingAnswer(BookingOutcome Outcome, Booking? Booking, int AvailableSeats, DateTimeOffset? SalesStartAt = null, int? Remaining = null)
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
public sealed record WaitlistAnswer(WaitlistOutcome Outcome, WaitlistPlace? Place, int? Remaining = null)
{
    /// <summary>An answer carrying no entry.</summary>
    public static WaitlistAnswer Of(WaitlistOutcome outcome) => new(outcome, null);
}

/// <summary>One page of the entries in line, and how many are in line.</summary>
public sealed record WaitlistPage(IReadOnlyList<WaitlistPlace> Items, int TotalCount);
