namespace Evently.Persistence.Notifications;

/// <summary>Where a notification's webhook stands, as users and admins read it.</summary>
public static class DeliveryStatus
{
    /// <summary>Not yet delivered; attempts continue on the retry schedule.</summary>
    public const string Pending = "pending";

    /// <summary>A receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Given up after the retry schedule; an admin can redeliver it.</summary>
    public const string Failed = "delivery_failed";
}
