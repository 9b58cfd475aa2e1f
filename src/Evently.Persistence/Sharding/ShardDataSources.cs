using Evently.Domain.Sharding;
using Evently.Persistence.Options;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>
/// One <see cref="NpgsqlDataSource"/> per database: the directory and each registered shard, with the bucket map that
/// routes ids to shards. <see cref="RefreshAsync"/> re-reads the map from the directory when its epoch moved and opens
/// data sources for databases registered since; readers see the map and the data sources change together.
/// </summary>
public sealed class ShardDataSources : IAsyncDisposable
{
    /// <summary>Server-side prepared statements kept per connection (Npgsql <c>Max Auto Prepare</c>).</summary>
    public const int MaxPreparedStatements = 128;

    private readonly DatabaseOptions _options;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Routing _routing;

    /// <summary>
    /// Builds the data sources from resolved <paramref name="options"/>: its <see cref="DatabaseOptions.Map"/> when the
    /// bootstrap read one from the directory, else bucket % N over its shards.
    /// </summary>
    public ShardDataSources(DatabaseOptions options)
    {
        _options = options;
        Directory = Build(options.Directory, options, "directory");
        var shards = options.Shards.Select((s, i) => Build(s, options, $"shard{i}")).ToArray();
        _routing = new Routing(options.Map ?? new ShardMap(shards.Length), shards);
    }

    /// <summary>The directory database.</summary>
    public NpgsqlDataSource Directory { get; }

    /// <summary>The bucket-to-shard map.</summary>
    public ShardMap Map => _routing.Map;

    /// <summary>Every shard, index = shard number.</summary>
    public IReadOnlyList<NpgsqlDataSource> Shards => _routing.Shards;

    /// <summary>The shard holding the event or booking with this id.</summary>
    public NpgsqlDataSource ForId(Guid id)
    {
        var routing = _routing;
        return routing.Shards[routing.Map.ShardOfId(id)];
    }

    /// <summary>
    /// Re-reads the directory's bucket map when its epoch differs from this process's (always with
    /// <paramref name="force"/>), opening data sources for newly registered databases. Returns whether the map changed.
    /// </summary>
    public async Task<bool> RefreshAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        if (!force && await ShardDirectory.ReadEpochAsync(Directory, cancellationToken).ConfigureAwait(false) == _routing.Map.Epoch)
        {
            return false;
        }

        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _routing;
            var topology = await ShardDirectory.ReadAsync(Directory, cancellationToken).ConfigureAwait(false);
            if (topology.Map.Epoch == current.Map.Epoch && topology.Databases.Count == current.Shards.Length)
            {
                return false;
            }

            // Databases are only ever added, so the data sources open so far stay valid under their ordinals.
            var shards = current.Shards.Concat(topology.Databases.Skip(current.Shards.Length)
                .Select(d => Build(ShardConnections.Resolve(_options.Directory, _options.Shards, d), _options, $"shard{d.Ordinal}"))).ToArray();
            _routing = new Routing(topology.Map, shards);
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Directory.DisposeAsync().ConfigureAwait(false);
        foreach (var shard in _routing.Shards)
        {
            await shard.DisposeAsync().ConfigureAwait(false);
        }

        _refreshing.Dispose();
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

    /// <summary>The map and the data sources it indexes, swapped as one.</summary>
    private sealed record Routing(ShardMap Map, NpgsqlDataSource[] Shards);
}
