namespace Evently.Persistence.Options;

/// <summary>
/// Where the databases are: one directory database and <see cref="ShardCount"/> shard databases.
/// Bound from <c>ConnectionStrings:Directory</c>, <c>ConnectionStrings:Shard0..N-1</c> and <c>Evently:Shards:Count</c>.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>Connection string of the directory database (users, Orleans clustering and reminders).</summary>
    public required string Directory { get; init; }

    /// <summary>Connection strings of the shard databases, index = shard number.</summary>
    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>Npgsql pool size per database, per process.</summary>
    public int MaxPoolSize { get; init; } = 40;
}
