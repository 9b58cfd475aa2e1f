using Evently.Api.Seating;

namespace Evently.Api.Bookings;

/// <summary>Body of a booking request.</summary>
public sealed record BookingBody(int? Quantity, IReadOnlyList<string>? Seats = null, string? Section = null, bool? Together = null) : ISeatsBody;
