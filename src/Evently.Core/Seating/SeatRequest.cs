namespace Evently.Core.Seating;

/// <summary>
/// Which seats a booking or hold on a seated event asks for: <see cref="Seats"/> by id, or otherwise the best available
/// for the quantity (within <see cref="Section"/> when given, next to each other when <see cref="Together"/>).
/// </summary>
public sealed record SeatRequest(IReadOnlyList<string>? Seats = null, string? Section = null, bool Together = false)
{
    /// <summary>True when the request names its seats.</summary>
    public bool IsSpecific => Seats is { Count: > 0 };
}
