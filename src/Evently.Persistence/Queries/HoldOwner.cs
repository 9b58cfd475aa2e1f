namespace Evently.Persistence.Queries;

/// <summary>The event a hold belongs to, and its owner (neither ever changes).</summary>
public sealed record HoldOwner(Guid EventId, Guid UserId);
