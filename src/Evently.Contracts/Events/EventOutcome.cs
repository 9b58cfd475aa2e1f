namespace Evently.Contracts.Events;

/// <summary>How an event command ended.</summary>
public enum EventOutcome
{
    /// <summary>Done.</summary>
    Ok,
    /// <summary>No such event.</summary>
    NotFound,
    /// <summary>The event already exists (create).</summary>
    AlreadyExists,
    /// <summary>The If-Match version is stale.</summary>
    VersionMismatch,
    /// <summary>Capacity would drop below seats sold or held.</summary>
    CapacityBelowBooked,
    /// <summary>The event is cancelled and cannot change.</summary>
    NotModifiable,
    /// <summary>Storage failed; nothing changed.</summary>
    Unavailable,
    /// <summary>The commit's outcome is not known (acknowledgement lost): it may or may not have happened.</summary>
    OutcomeUnknown,
    /// <summary>The change would break <c>salesStartAt &lt; salesEndAt &lt;= eventDate</c>; nothing changed.</summary>
    InvalidSaleWindow,
    /// <summary>Seats are sold or held already: the seating plan can no longer change.</summary>
    SeatsInUse,
    /// <summary>A seated event's capacity is its plan's seat count.</summary>
    CapacityFixedByPlan,
    /// <summary>The request carries text the store cannot hold (a NUL character): refused on its own, nothing changed.</summary>
    UnstorableText,
}
