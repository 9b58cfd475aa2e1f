namespace Evently.Api.CheckIns;

/// <summary>Body of a check-in: the reference printed on (or scanned from) the ticket.</summary>
public sealed record CheckInBody(string? BookingRef);
