namespace Evently.Domain.Events;

/// <summary>Stored event statuses; a published event whose date has passed reads as <see cref="Completed"/>.</summary>
public static class EventStatus
{
    /// <summary>Created unpublished: seen and edited by its organizer and admins only, never bookable.</summary>
    public const string Draft = "draft";

    /// <summary>On sale.</summary>
    public const string Published = "published";

    /// <summary>Called off; every booking refunded.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Took place.</summary>
    public const string Completed = "completed";
}
