namespace Evently.Api.Bookings;

/// <summary>Body of a booking request.</summary>
public sealed record BookingBody(int? Quantity);
