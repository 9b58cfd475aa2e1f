namespace Evently.Domain.Seating;

/// <summary>The one state every seat is in.</summary>
public enum SeatState : byte
{
    /// <summary>Free to book or hold (<c>a</c>).</summary>
    Available = 0,
    /// <summary>Held by a checkout hold or a waitlist promotion (<c>h</c>).</summary>
    Held = 1,
    /// <summary>In a confirmed booking (<c>s</c>).</summary>
    Sold = 2,
}
