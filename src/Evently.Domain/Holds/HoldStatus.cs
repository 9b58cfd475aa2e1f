namespace Evently.Domain.Holds;

/// <summary>Where a checkout hold stands (stored as these strings).</summary>
public static class HoldStatus
{
    /// <summary>Keeping its seats until confirmed, released or expired.</summary>
    public const string Held = "held";

    /// <summary>Turned into a booking.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Given back by its owner or an admin (or by the event's cancellation).</summary>
    public const string Released = "released";

    /// <summary>Its deadline passed unconfirmed; the seats went back.</summary>
    public const string Expired = "expired";
}
