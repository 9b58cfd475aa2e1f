using Evently.Domain.Sharding;
using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>
/// The bucket map's tables in the directory (<c>sql/directory/0013_shard_map.sql</c>): registered shard databases, the
/// bucket → database map and its epoch. Every change of the map takes an exclusive lock on <c>shard_databases</c> and
/// moves the epoch in the same transaction, so processes that poll the epoch see every change.
/// </summary>
public static class ShardDirectory
{
    /// <summary>
    /// Registers the configured shards that are not registered yet and, when the map is empty (a fresh install, or one
    /// from before the map was data), writes bucket % N over the configured shards: the routing such an install already
    /// uses, so nothing moves. Throws when a configured shard is another database than the one registered under its ordinal.
    /// </summary>
    public static async Task SeedAsync(string directory, IReadOnlyList<string> configuredShards, CancellationToken cancellationToken = default)
    {
        var server = new NpgsqlConnectionStringBuilder(directory);
        await using var connection = new NpgsqlConnection(directory);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var registered = await ReadDatabasesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var changed = false;
        for (var ordinal = 0; ordinal < configuredShards.Count; ordinal++)
        {
            var configured = Describe(ordinal, configuredShards[ordinal], server);
            if (ordinal < registered.Count)
            {
                var known = registered[ordinal];
                if (!string.Equals(known.Database, configured.Database, StringComparison.Ordinal)
                    || (known.Host is not null && configured.Host is not null && !string.Equals(known.Host, configured.Host, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new InvalidOperationException(
                        $"ConnectionStrings:Shard{ordinal} points at database {configured.Database} on {configured.Host ?? "the directory's server"}, but the directory registers shard {ordinal} as {known.Database} on {known.Host ?? "the directory's server"}: buckets would be looked for in the wrong database.");
                }

                continue;
            }

            await InsertDatabaseAsync(connection, transaction, configured, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        await using (var count = new NpgsqlCommand("SELECT count(*) FROM bucket_map", connection, transaction))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                await using var fill = new NpgsqlCommand(
                    "INSERT INTO bucket_map (bucket, ordinal) SELECT b, b % @n FROM generate_series(0, @last) AS b", connection, transaction);
                fill.Parameters.AddWithValue("n", configuredShards.Count);
                fill.Parameters.AddWithValue("last", Buckets.Count - 1);
                await fill.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                changed = true;
            }
        }

        await using (var epoch = new NpgsqlCommand("INSERT INTO shard_map_epoch (epoch) VALUES (1) ON CONFLICT (singleton) DO NOTHING", connection, transaction))
        {
            changed &= await epoch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0;
        }

        if (changed)
        {
            await BumpEpochAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current epoch (a cheap read, polled by every process).</summary>
    public static async Task<long> ReadEpochAsync(NpgsqlDataSource directory, CancellationToken cancellationToken = default)
    {
        await using var command = directory.CreateCommand("SELECT epoch FROM shard_map_epoch");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
    }

    /// <summary>The shard the directory assigns <paramref name="bucket"/> to now (a single-row read).</summary>
    public static async Task<int> ShardOfBucketAsync(NpgsqlDataSource directory, int bucket, CancellationToken cancellationToken = default)
    {
        await using var command = directory.CreateCommand("SELECT ordinal FROM bucket_map WHERE bucket = @bucket");
        command.Parameters.AddWithValue("bucket", bucket);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The directory's map has no bucket {bucket}."));
    }

    /// <summary>Reads the registered databases and the map, consistently (one repeatable-read transaction).</summary>
    public static async Task<ShardTopology> ReadAsync(NpgsqlDataSource directory, CancellationToken cancellationToken = default)
    {
        await using var connection = await directory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var databases = await ReadDatabasesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        long epoch;
        await using (var read = new NpgsqlCommand("SELECT epoch FROM shard_map_epoch", connection, transaction))
        {
            epoch = (long)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The directory has no shard map yet (shard_map_epoch is empty)."));
        }

        var table = new int[Buckets.Count];
        var seen = 0;
        await using (var read = new NpgsqlCommand("SELECT bucket, ordinal FROM bucket_map", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                table[reader.GetInt32(0)] = reader.GetInt32(1);
                seen++;
            }
        }

        if (seen != Buckets.Count)
        {
            throw new InvalidOperationException($"The directory's bucket_map has {seen} rows, not {Buckets.Count}: every bucket needs a database.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ShardTopology(databases, new ShardMap(table, databases.Count, epoch));
    }

    /// <summary>
    /// Registers a database (holding no bucket) under the next ordinal and moves the epoch; a database already registered
    /// keeps its ordinal. Returns the registration and whether it is new.
    /// </summary>
    public static async Task<(ShardDatabase Database, bool Added)> RegisterAsync(
        NpgsqlDataSource directory, string? host, int? port, string database, CancellationToken cancellationToken = default)
    {
        await using var connection = await directory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var registered = await ReadDatabasesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var existing = registered.FirstOrDefault(d => d.Database == database
            && string.Equals(d.Host, host, StringComparison.OrdinalIgnoreCase) && d.Port == port);
        if (existing is not null)
        {
            return (existing, false);
        }

        var added = new ShardDatabase(registered.Count, host, port, database);
        await InsertDatabaseAsync(connection, transaction, added, cancellationToken).ConfigureAwait(false);
        await BumpEpochAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (added, true);
    }

    /// <summary>Points <paramref name="bucket"/> at <paramref name="ordinal"/> and moves the epoch; returns the new epoch.</summary>
    public static async Task<long> AssignAsync(NpgsqlDataSource directory, int bucket, int ordinal, CancellationToken cancellationToken = default)
    {
        await using var connection = await directory.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using (var assign = new NpgsqlCommand("UPDATE bucket_map SET ordinal = @ordinal WHERE bucket = @bucket", connection, transaction))
        {
            assign.Parameters.AddWithValue("ordinal", ordinal);
            assign.Parameters.AddWithValue("bucket", bucket);
            await assign.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var epoch = await BumpEpochAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return epoch;
    }

    /// <summary>The registration of a configured shard: host and port left null when they are the directory's server's.</summary>
    private static ShardDatabase Describe(int ordinal, string connectionString, NpgsqlConnectionStringBuilder server)
    {
        var shard = new NpgsqlConnectionStringBuilder(connectionString);
        var sameServer = string.Equals(shard.Host, server.Host, StringComparison.OrdinalIgnoreCase) && shard.Port == server.Port;
        return new ShardDatabase(ordinal, sameServer ? null : shard.Host, sameServer ? null : shard.Port, shard.Database
            ?? throw new InvalidOperationException($"ConnectionStrings:Shard{ordinal} names no Database."));
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // Processes that start together, and operators' commands, change the map one at a time.
        await using var command = new NpgsqlCommand("LOCK TABLE shard_databases IN EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<ShardDatabase>> ReadDatabasesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var databases = new List<ShardDatabase>();
        await using var read = new NpgsqlCommand("SELECT ordinal, host, port, database_name FROM shard_databases ORDER BY ordinal", connection, transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var ordinal = reader.GetInt32(0);
            if (ordinal != databases.Count)
            {
                throw new InvalidOperationException($"shard_databases skips ordinal {databases.Count}: ordinals are the shard numbers 0..N-1.");
            }

            databases.Add(new ShardDatabase(ordinal, reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetString(3)));
        }

        return databases;
    }

    private static async Task InsertDatabaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ShardDatabase database, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO shard_databases (ordinal, host, port, database_name) VALUES (@ordinal, @host, @port, @database)", connection, transaction);
        insert.Parameters.AddWithValue("ordinal", database.Ordinal);
        insert.Parameters.AddWithValue("host", (object?)database.Host ?? DBNull.Value);
        insert.Parameters.AddWithValue("port", (object?)database.Port ?? DBNull.Value);
        insert.Parameters.AddWithValue("database", database.Database);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> BumpEpochAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var bump = new NpgsqlCommand("UPDATE shard_map_epoch SET epoch = epoch + 1 RETURNING epoch", connection, transaction);
        return (long)(await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
