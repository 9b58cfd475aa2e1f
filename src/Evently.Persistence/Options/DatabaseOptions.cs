namespace Evently.Persistence.Options;

/// <summary>
/// Where the databases are: one directory database and <see cref="ShardCount"/> shard databases.
/// Bound from <c>ConnectionStrings:Directory</c>, <c>ConnectionStrings:Shard0..N-1</c> and <c>Evently:Shards:Count</c>.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>Default of both Npgsql timeouts, in seconds.</summary>
    public const int DefaultTimeoutSeconds = 2;

    /// <summary>Connection string of the directory database (users, Orleans clustering and reminders).</summary>
    public required string Directory { get; init; }

    /// <summary>Connection strings of the shard databases, index = shard number.</summary>
    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>Npgsql pool size per database, per process.</summary>
    public int MaxPoolSize { get; init; } = 40;

    /// <summary>
    /// Npgsql <c>Timeout</c>: seconds to wait for a pooled connection or to open one (<c>Evently:Database:ConnectionTimeoutSeconds</c>).
    /// </summary>
    public int ConnectionTimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    /// <summary>
    /// Npgsql <c>CommandTimeout</c>: seconds a command may wait for the server (<c>Evently:Database:CommandTimeoutSeconds</c>).
    /// A batch of a few thousand rows commits in about 100 ms; short enough that two commits fit in a grain call (see CommitBudget).
    /// </summary>
    public int CommandTimeoutSeconds { get; init; } = DefaultTimeoutSeconds;
}
