using Evently.Domain.Sharding;
using Evently.Persistence.Migrations;
using Evently.Persistence.Options;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>
/// Operators' changes of the shard tier: adding a database (it then holds no bucket) and moving one bucket of events
/// to another database, even mid-sale (<see cref="BucketMover"/>). Every change goes through the directory's map and its epoch;
/// this process refreshes at once, every other one within <see cref="ShardMapRefresher.Interval"/>.
/// </summary>
public sealed partial class ShardAdministration(ShardDataSources databases, DatabaseOptions options, ILogger<ShardAdministration> logger)
{
    /// <summary>The registered databases and the buckets each holds, as this process's map has them.</summary>
    public async Task<ShardTopology> ReadAsync(CancellationToken cancellationToken = default)
    {
        await databases.RefreshAsync(force: false, cancellationToken).ConfigureAwait(false);
        return await ShardDirectory.ReadAsync(databases.Directory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers <paramref name="database"/> as a shard: on the directory's server (<paramref name="host"/> null) it is
    /// created when missing; elsewhere it must exist and be reachable with the directory's credentials. The shard
    /// migrations are applied before it is registered, so no process ever routes to a database without its tables.
    /// Registering a database again answers its registration (<c>Added</c> false).
    /// </summary>
    public async Task<(ShardDatabase Database, bool Added)> AddDatabaseAsync(string database, string? host, int? port, CancellationToken cancellationToken = default)
    {
        var connectionString = ShardConnections.Resolve(options.Directory, [], new ShardDatabase(int.MaxValue, host, port, database));
        if (host is null)
        {
            await CreateIfMissingAsync(database, cancellationToken).ConfigureAwait(false);
        }

        await SchemaMigrator.MigrateAsync(connectionString, "shard", logger, cancellationToken).ConfigureAwait(false);
        var registered = await ShardDirectory.RegisterAsync(databases.Directory, host, port, database, cancellationToken).ConfigureAwait(false);
        await databases.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        if (registered.Added)
        {
            LogAdded(logger, database, registered.Database.Ordinal, databases.Map.Epoch);
        }

        return registered;
    }

    /// <summary>
    /// Moves <paramref name="bucket"/> to shard <paramref name="toShard"/> while its events take writes: fences their
    /// writers on the source, copies the rows, flips the map (epoch + 1) and deletes the source rows before the fence is
    /// released; see <see cref="BucketMover"/>. <paramref name="copied"/> runs between the copy and the flip.
    /// </summary>
    public async Task<BucketMove> MoveBucketAsync(int bucket, int toShard, Func<CancellationToken, Task>? copied = null, CancellationToken cancellationToken = default)
    {
        await databases.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        var from = databases.Map.ShardOfBucket(bucket);
        if (from == toShard)
        {
            return new BucketMove(bucket, from, toShard, 0, databases.Map.Epoch);
        }

        var shards = databases.Shards;
        var (events, epoch) = await BucketMover.MoveAsync(shards[from], shards[toShard], bucket,
            async token =>
            {
                var flipped = await ShardDirectory.AssignAsync(databases.Directory, bucket, toShard, token).ConfigureAwait(false);

                // This process routes to the target before the fence is released, so its grains reload from there.
                await databases.RefreshAsync(force: true, token).ConfigureAwait(false);
                return flipped;
            },
            async token => await ShardDirectory.ShardOfBucketAsync(databases.Directory, bucket, token).ConfigureAwait(false) == toShard
                ? await ShardDirectory.ReadEpochAsync(databases.Directory, token).ConfigureAwait(false)
                : null,
            copied, cancellationToken).ConfigureAwait(false);
        await databases.RefreshAsync(force: true, CancellationToken.None).ConfigureAwait(false);
        epoch = epoch == 0 ? databases.Map.Epoch : epoch;
        LogMoved(logger, bucket, from, toShard, events.Count, epoch);
        return new BucketMove(bucket, from, toShard, events.Count, epoch);
    }

    private async Task CreateIfMissingAsync(string database, CancellationToken cancellationToken)
    {
        // CREATE DATABASE runs outside a transaction, from any database of the server: the directory's will do.
        await using var connection = await databases.Directory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        // The name was checked to be a plain lower-case identifier; quoted all the same.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another operator's command created it meanwhile.
        }
    }

    [LoggerMessage(EventId = 4311, Level = LogLevel.Information, Message = "Shard database {Database} registered as shard {Ordinal} (map epoch {Epoch}); it holds no bucket yet")]
    private static partial void LogAdded(ILogger logger, string database, int ordinal, long epoch);

    [LoggerMessage(EventId = 4312, Level = LogLevel.Information, Message = "Bucket {Bucket} moved from shard {From} to shard {To} ({Events} events, map epoch {Epoch})")]
    private static partial void LogMoved(ILogger logger, int bucket, int from, int to, int events, long epoch);
}
