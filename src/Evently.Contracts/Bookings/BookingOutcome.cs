namespace Evently.Contracts.Bookings;

/// <summary>How a booking command ended.</summary>
public enum BookingOutcome
{
    /// <summary>Committed now.</summary>
    Confirmed,
    /// <summary>A retry: the original booking, committed earlier.</summary>
    Replayed,
    /// <summary>Cancelled now, or already cancelled.</summary>
    Cancelled,
    /// <summary>Fewer seats free than asked.</summary>
    SoldOut,
    /// <summary>The event is cancelled or past.</summary>
    NotBookable,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>No such booking (or not the caller's).</summary>
    BookingNotFound,
    /// <summary>The idempotency key was used with a different request.</summary>
    KeyReused,
    /// <summary>Too many requests pending on this event.</summary>
    RateLimited,
    /// <summary>Storage failed; nothing was committed.</summary>
    Unavailable,
    /// <summary>The commit's outcome is not known (acknowledgement lost): it may or may not have happened.</summary>
    OutcomeUnknown,
    /// <summary>Before the sales window opens.</summary>
    SalesNotOpen,
    /// <summary>After the sales window closed.</summary>
    SalesClosed,
    /// <summary>The per-user limit would be exceeded.</summary>
    TicketLimitReached,
    /// <summary>The event has a waiting room and the user holds no valid admission.</summary>
    AdmissionRequired,
    /// <summary>Some seats asked for are gone (listed in <c>Seats</c>); nothing was booked or held.</summary>
    SeatsTaken,
    /// <summary>The seats or section asked for do not exist on this event (listed in <c>Seats</c> when named).</summary>
    InvalidSeats,
    /// <summary>The request carries text the store cannot hold (a NUL character): refused on its own, nothing changed.</summary>
    UnstorableText,
}
