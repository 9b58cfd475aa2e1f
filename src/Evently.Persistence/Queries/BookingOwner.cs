namespace Evently.Persistence.Queries;

/// <summary>The event a booking belongs to, and its owner (neither ever changes).</summary>
public sealed record BookingOwner(Guid EventId, Guid UserId);
