namespace Evently.Domain.Bookings;

/// <summary>How a <see cref="BookingStatus"/> is written: in the <c>bookings</c> table and on the wire.</summary>
public static class BookingStatusNames
{
    /// <summary>The name of <see cref="BookingStatus.Confirmed"/>.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The name of <see cref="BookingStatus.Cancelled"/>.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The stored and wire name of <paramref name="status"/>.</summary>
    public static string Of(BookingStatus status) => status == BookingStatus.Cancelled ? Cancelled : Confirmed;

    /// <summary>The status a stored name stands for.</summary>
    public static BookingStatus Parse(string name) => name == Cancelled ? BookingStatus.Cancelled : BookingStatus.Confirmed;
}
