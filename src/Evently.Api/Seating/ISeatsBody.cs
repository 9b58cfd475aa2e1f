namespace Evently.Api.Seating;

/// <summary>
/// The body of a request for seats (API 1.2), the same for bookings and checkout holds: <c>seats</c> by id, or
/// <c>quantity</c> with an optional <c>section</c> and <c>together</c>. General-admission events take <c>quantity</c> alone.
/// </summary>
public interface ISeatsBody
{
    int? Quantity { get; }

    IReadOnlyList<string>? Seats { get; }

    string? Section { get; }

    bool? Together { get; }
}
