namespace Evently.Core.Answers;

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
    /// <summary>The request carries text the store cannot hold (a NUL character): refused on its own, nothing enlisted.</summary>
    UnstorableText,
}

/// <summary>How an event command ended.</summary>
public enum EventOutcome
{
    /// <summary>Done.</summary>
    Ok,
    /// <summary>No such event.</summary>
    NotFound,
    /// <summary>The event already exists (create).</summary>
    AlreadyExists,
    /// <summary>The If-Match version is stale, or another edit from that version was accepted first.</summary>
    VersionMismatch,
    /// <summary>Capacity would drop below seats sold or held.</summary>
    CapacityBelowBooked,
    /// <summary>The event is cancelled and cannot change.</summary>
    NotModifiable,
    /// <summary>Nothing happened.</summary>
    Unavailable,
    /// <summary>The commit's acknowledgement was lost: it may or may not have happened.</summary>
    OutcomeUnknown,
    /// <summary>The edit would break <c>salesStartAt &lt; salesEndAt &lt;= eventDate</c>; nothing changed.</summary>
    InvalidSaleWindow,
    /// <summary>Seats are already sold or held: the seating plan can no longer change.</summary>
    SeatsInUse,
    /// <summary>A seated event's capacity is its plan's seat count: it changes only with a new plan.</summary>
    CapacityFixedByPlan,
    /// <summary>The request carries text the store cannot hold (a NUL character): refused on its own, nothing enlisted.</summary>
    UnstorableText,
}

/// <summary>How a waitlist command ended.</summary>
public enum WaitlistOutcome
{
    /// <summary>Done.</summary>
    Ok,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>The event is cancelled or past.</summary>
    NotBookable,
    /// <summary>Enough seats are free: book instead.</summary>
    SeatsAvailable,
    /// <summary>The user already waits or holds seats.</summary>
    AlreadyWaitlisted,
    /// <summary>The user is not on this waitlist.</summary>
    NotOnWaitlist,
    /// <summary>Nothing happened.</summary>
    Unavailable,
    /// <summary>The commit's acknowledgement was lost: it may or may not have happened.</summary>
    OutcomeUnknown,
    /// <summary>Waiting for that many seats would take the user past the per-user limit.</summary>
    TicketLimitReached,
    /// <summary>Sales have not opened: nothing to wait for yet.</summary>
    SalesNotOpen,
    /// <summary>Sales have closed: a promotion could no longer be claimed.</summary>
    SalesClosed,
    /// <summary>The event sells through its waiting room and the user holds no valid admission.</summary>
    AdmissionRequired,
    /// <summary>The request carries text the store cannot hold (a NUL character): refused on its own, nothing enlisted.</summary>
    UnstorableText,
}

/// <summary>How a checkout-hold command ended.</summary>
public enum HoldOutcome
{
    /// <summary>Created now (or read, for a query).</summary>
    Held,
    /// <summary>A retry with the same key: the original hold as it stands now.</summary>
    Replayed,
    /// <summary>Confirmed now: the booking was made.</summary>
    Confirmed,
    /// <summary>Confirmed before: the same booking again.</summary>
    AlreadyConfirmed,
    /// <summary>Released now, or already released or expired.</summary>
    Released,
    /// <summary>A booking rule refused it (<see cref="HoldAnswer.Refusal"/> says which).</summary>
    Refused,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>No such hold (or not the caller's).</summary>
    HoldNotFound,
    /// <summary>The hold's deadline passed, or it was released: it can no longer be confirmed.</summary>
    HoldExpired,
    /// <summary>The hold was confirmed: it can no longer be released (cancel the booking instead).</summary>
    HoldConfirmed,
    /// <summary>The idempotency key was used with a different request.</summary>
    KeyReused,
    /// <summary>Nothing happened (storage failed, or this activation is being reloaded).</summary>
    Unavailable,
    /// <summary>The commit's acknowledgement was lost: it may or may not have happened.</summary>
    OutcomeUnknown,
}
