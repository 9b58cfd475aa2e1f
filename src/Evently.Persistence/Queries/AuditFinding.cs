namespace Evently.Persistence.Queries;

/// <summary>One broken invariant on one shard.</summary>
public sealed record AuditFinding(int Shard, string Check, Guid? EventId, string Detail);
