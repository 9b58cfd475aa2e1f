namespace Evently.Domain.Bookings;

/// <summary>How a check-in at the door ended.</summary>
public enum CheckInOutcome
{
    /// <summary>Checked in now (the first scan of this booking).</summary>
    CheckedIn,
    /// <summary>Checked in before (by an earlier or a concurrent scan): the answer carries when.</summary>
    AlreadyCheckedIn,
    /// <summary>No confirmed booking of this event has this reference (a cancelled one included).</summary>
    BookingNotFound,
    /// <summary>No such event.</summary>
    EventNotFound,
    /// <summary>Check-in opens a fixed time before the event starts; it is earlier than that.</summary>
    NotOpen,
    /// <summary>Nothing happened (storage failed, or this activation is being reloaded).</summary>
    Unavailable,
    /// <summary>The commit's acknowledgement was lost: the booking may or may not be checked in.</summary>
    OutcomeUnknown,
}
