using Evently.Domain.Sharding;
using Evently.Persistence.Options;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>One <see cref="NpgsqlDataSource"/> per database: the directory and each shard.</summary>
public sealed class ShardDataSources : IAsyncDisposable
{
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
            // Reuse server-side prepared statements for the hot booking commands.
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
        };
        return new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();
    }
}
