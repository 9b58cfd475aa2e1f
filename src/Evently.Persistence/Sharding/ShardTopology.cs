using Evently.Domain.Sharding;

namespace Evently.Persistence.Sharding;

/// <summary>The directory's registered shard databases (index = ordinal) and the bucket map over them.</summary>
public sealed record ShardTopology(IReadOnlyList<ShardDatabase> Databases, ShardMap Map);
