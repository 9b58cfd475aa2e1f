namespace Evently.Domain.Bookings;

/// <summary>How a booking command ended.</summary>
public enum BookingOutcome
{
    /// <summary>Committed now.</summary>
    Confirmed,
    /// <summary>A retry with the same key: the original booking as it stands now.</summary>
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
    /// <summary>Nothing happened (storage failed, or this activation is being reloaded).</summary>
    Unavailable,
    /// <summary>The commit's acknowledgement was lost: it may or may not have happened.</summary>
    OutcomeUnknown,
    /// <summary>Before the sales window opens (the answer carries <c>SalesStartAt</c>).</summary>
    SalesNotOpen,
    /// <summary>After the sales window closed.</summary>
    SalesClosed,
    /// <summary>The user's confirmed and held seats would exceed the per-user limit (the answer carries <c>Remaining</c>).</summary>
    TicketLimitReached,
    /// <summary>The event has a waiting room and the user holds no valid admission.</summary>
    AdmissionRequired,
    /// <summary>Some of the seats asked for are held or sold already (they are listed); nothing was taken.</summary>
    SeatsTaken,
    /// <summary>The seats or section asked for do not exist, or the event has no seating plan for them.</summary>
    InvalidSeats,
    /// <summary>The request carries text the store cannot hold (a NUL character): refused on its own, nothing changed.</summary>
    UnstorableText,
    /// <summary>The booking was checked in at the door: it can no longer be cancelled (no refund after entry).</summary>
    AlreadyCheckedIn,
    /// <summary>
    /// Seats asked for together: enough are free, but no run of that many next to each other in one row (the answer
    /// carries <c>LongestRun</c>); nothing was taken.
    /// </summary>
    NoAdjacentSeats,
}
