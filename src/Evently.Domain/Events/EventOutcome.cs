namespace Evently.Domain.Events;

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
    /// <summary>The request carries text the store cannot hold (a NUL character): refused on its own, nothing changed.</summary>
    UnstorableText,
}
