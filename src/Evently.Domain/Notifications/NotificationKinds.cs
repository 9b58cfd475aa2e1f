namespace Evently.Domain.Notifications;

/// <summary>The <c>kind</c> of a notification (docs/api.md#notifications): what happened, in-app and in the webhook's <c>type</c>.</summary>
public static class NotificationKinds
{
    /// <summary>A waitlist entry was promoted: seats are held for the user until the promotion expires.</summary>
    public const string WaitlistPromoted = "waitlist_promoted";

    /// <summary>A promotion ran out before the user booked; the seats went on.</summary>
    public const string PromotionExpired = "promotion_expired";

    /// <summary>A booking was cancelled (by an admin or with its event).</summary>
    public const string BookingCancelled = "booking_cancelled";

    /// <summary>A checkout hold expired before it was confirmed.</summary>
    public const string HoldExpired = "hold_expired";

    /// <summary>The waiting room admitted the user: they may book until the admission ends.</summary>
    public const string Admitted = "admitted";
}
