namespace Evently.Persistence.Sharding;

/// <summary>
/// A registered shard database (a row of <c>shard_databases</c>): its ordinal, the shard number every process indexes its
/// data sources by, and where it is. A null <see cref="Host"/> or <see cref="Port"/> means the directory's server.
/// </summary>
public sealed record ShardDatabase(int Ordinal, string? Host, int? Port, string Database);
