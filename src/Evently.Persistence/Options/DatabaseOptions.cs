namespace Evently.Persistence.Options;

/// <summary>
/// Where the databases are and how they are used: pool size and timeouts from <c>Evently:Database</c>; one directory
/// database and the shard databases, resolved at start-up from <c>ConnectionStrings:Directory</c> and
/// <c>ConnectionStrings:Shard0..N-1</c> (or the embedded cluster).
/// </summary>
public sealed record DatabaseOptions : IEventlyOptions
{
    /// <summary>Default of both Npgsql timeouts, in seconds.</summary>
    public const int DefaultTimeoutSeconds = 2;

    /// <inheritdoc />
    public static string Section => "Evently:Database";

    /// <summary>Connection string of the directory database (users, Orleans clustering and reminders).</summary>
    public required string Directory { get; init; }

    /// <summary>Connection strings of the shard databases, index = shard number: the configured ones, then (after start) every other registered one.</summary>
    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>
    /// The bucket map read from the directory at start (index of <see cref="Shards"/> = shard number); null means
    /// bucket % N over <see cref="Shards"/>. Not configurable: the map is data in the directory.
    /// </summary>
    public Domain.Sharding.ShardMap? Map { get; internal init; }

    /// <summary>Npgsql pool size per database, per process.</summary>
    public int MaxPoolSize { get; init; } = 40;

    /// <summary>Npgsql <c>Timeout</c>: seconds to wait for a pooled connection or to open one.</summary>
    public int ConnectionTimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    /// <summary>
    /// Npgsql <c>CommandTimeout</c>: seconds a command may wait for the server. A batch of a few thousand rows commits in
    /// about 100 ms; short enough that two commits fit in a grain call (see <see cref="Hosting.CommitBudget"/>).
    /// </summary>
    public int CommandTimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (MaxPoolSize < 1)
        {
            yield return $"{Section}:MaxPoolSize must be at least 1 (was {MaxPoolSize}).";
        }
    }
}
