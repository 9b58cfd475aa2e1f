using Evently.Domain.Sharding;
using Evently.Persistence.Options;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>One <see cref="NpgsqlDataSource"/> per database: the directory and each shard.</summary>
public sealed class ShardDataSources : IAsyncDisposable
{
    /// <summary>Server-side prepared statements kept per connection (Npgsql <c>Max Auto Prepare</c>).</summary>
    public const int MaxPreparedStatements = 128;

    private readonly NpgsqlDataSource[] _shards;

    /// <summary>Builds the data sources from resolved <paramref name="options"/>.</summary>
    public ShardDataSources(DatabaseOptions options)
    {
        Directory = Build(options.Directory, options, "directory");
        _shards = options.Shards.Select((s, i) => Build(s, options, $"shard{i}")).ToArray();
        Map = new ShardMap(_shards.Length);
    }

    /// <summary>The directory database.</summary>
    public NpgsqlDataSource Directory { get; }

    /// <summary>The bucket-to-shard map.</summary>
    public ShardMap Map { get; }

    /// <summary>Every shard, index = shard number.</summary>
    public IReadOnlyList<NpgsqlDataSource> Shards => _shards;

    /// <summary>The shard holding the event or booking with this id.</summary>
    public NpgsqlDataSource ForId(Guid id) => _shards[Map.ShardOfId(id)];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Directory.DisposeAsync().ConfigureAwait(false);
        foreach (var shard in _shards)
        {
            await shard.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static NpgsqlDataSource Build(string connectionString, DatabaseOptions options, string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            ApplicationName = $"evently-{name}",
            // A commit must fail before the grain call that waits for it times out (see CommitBudget).
            Timeout = options.ConnectionTimeoutSeconds,
            CommandTimeout = options.CommandTimeoutSeconds,
            // Reuse server-side prepared statements for the hot commands: room for every statement the system runs on a
            // shard (about 70), so the hot ones are not evicted by the rarer ones and parsed again.
            MaxAutoPrepare = MaxPreparedStatements,
            AutoPrepareMinUsages = 2,
            // Nothing here leaves session state behind (no SET, LISTEN, temporary tables or session advisory locks on these
            // pools), so a connection going back to the pool needs no reset: without this, every checkout makes the server
            // run RESET ALL, UNLISTEN, pg_advisory_unlock_all(), DISCARD SEQUENCES and DISCARD TEMP before its first command.
            NoResetOnClose = true,
        };
        return new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();
    }
}
