namespace Evently.Domain.Events;

/// <summary>Whether an event can be booked at a given moment.</summary>
public static class BookingRules
{
    /// <summary>True while the event is published and still ahead.</summary>
    public static bool IsBookable(string status, DateTimeOffset eventDate, DateTimeOffset now) =>
        status == EventStatus.Published && eventDate > now;

    /// <summary>The status clients see: a published event in the past reads as completed.</summary>
    public static string VisibleStatus(string status, DateTimeOffset eventDate, DateTimeOffset now) =>
        status == EventStatus.Published && eventDate <= now ? EventStatus.Completed : status;

    /// <summary>Total charged for <paramref name="quantity"/> seats at <paramref name="unitPrice"/>, rounded to cents.</summary>
    public static decimal Total(decimal unitPrice, int quantity) => decimal.Round(unitPrice * quantity, 2, MidpointRounding.AwayFromZero);
}
