namespace Evently.Core.Batches;

/// <summary>A booking checked in at <paramref name="At"/>: sets its <c>checked_in_at</c>, which must still be empty on a confirmed row.</summary>
public sealed record CheckInWrite(Guid BookingId, DateTimeOffset At);
