namespace Evently.Contracts.Seating;

/// <summary>Availability of a seated event's seats, one compact string per row (<c>a</c> available, <c>h</c> held, <c>s</c> sold).</summary>
[GenerateSerializer, Immutable]
public sealed record SeatAvailability(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] int AvailableSeats,
    [property: Id(2)] int HeldSeats,
    [property: Id(3)] int SoldSeats,
    [property: Id(4)] IReadOnlyList<SeatRowView> Rows);

/// <summary>One row's seats, one character each, numbers 1..n left to right.</summary>
[GenerateSerializer, Immutable]
public sealed record SeatRowView([property: Id(0)] string Section, [property: Id(1)] string Row, [property: Id(2)] string Seats);
