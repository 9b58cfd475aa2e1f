namespace Evently.Grains.Options;

/// <summary>Booking limits (section <c>Evently:Booking</c>).</summary>
public sealed class BookingOptions
{
    /// <summary>Largest quantity one booking may ask for.</summary>
    public int MaxQuantity { get; set; } = 10;

    /// <summary>Requests one event grain holds waiting for their commit; beyond it callers get 429.</summary>
    public int MaxPendingPerEvent { get; set; } = 5000;
}
