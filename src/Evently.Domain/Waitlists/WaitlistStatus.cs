namespace Evently.Domain.Waitlists;

/// <summary>Where a waitlist entry stands.</summary>
public static class WaitlistStatus
{
    /// <summary>In the queue.</summary>
    public const string Waiting = "waiting";

    /// <summary>Holding seats until the promotion expires.</summary>
    public const string Promoted = "promoted";

    /// <summary>Booked out of the held seats.</summary>
    public const string Booked = "booked";

    /// <summary>The promotion ran out unused.</summary>
    public const string Expired = "expired";

    /// <summary>The user left the queue.</summary>
    public const string Left = "left";

    /// <summary>The event was cancelled.</summary>
    public const string Closed = "closed";
}
