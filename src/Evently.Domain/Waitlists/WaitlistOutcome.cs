namespace Evently.Domain.Waitlists;

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
    /// <summary>The webhook URL holds text the store cannot hold (a NUL character): refused on its own, nothing changed.</summary>
    UnstorableText,
}
