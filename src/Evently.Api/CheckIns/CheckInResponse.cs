namespace Evently.Api.CheckIns;

/// <summary>A checked-in booking as docs/api.md#post-apiv1eventsidcheck-ins shows it; <see cref="Seats"/> only on a seated event.</summary>
public sealed record CheckInResponse(string BookingRef, int Quantity, IReadOnlyList<string>? Seats, DateTimeOffset CheckedInAt);
