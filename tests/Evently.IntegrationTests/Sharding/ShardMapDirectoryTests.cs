using Evently.Domain.Sharding;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Migrations;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.IntegrationTests.Sharding;

/// <summary>The bucket map is data in the directory: written at first start as bucket % N, read at every start.</summary>
public sealed class ShardMapDirectoryTests
{
    [Fact]
    public async Task A_fresh_install_registers_its_shards_and_writes_bucket_modulo_n_at_epoch_1()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(3);

        var options = await TestSilo.PrepareAsync(directory, shards);

        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(directory, "SELECT epoch FROM shard_map_epoch"));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM bucket_map WHERE ordinal <> bucket % 3"));
        Assert.Equal(1024L, await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM bucket_map"));
        for (var i = 0; i < shards.Length; i++)
        {
            var name = new NpgsqlConnectionStringBuilder(shards[i]).Database!;
            Assert.Equal(name, await TestPostgres.ScalarAsync<string>(directory, "SELECT database_name FROM shard_databases WHERE ordinal = @o", ("o", i)));
        }

        Assert.Equal(shards, options.Shards);
        Assert.Equal(1, options.Map!.Epoch);
        Assert.All(Enumerable.Range(0, Buckets.Count), b => Assert.Equal(b % 3, options.Map.ShardOfBucket(b)));
    }

    [Fact]
    public async Task The_map_is_read_from_the_directory_not_computed_from_the_shard_count()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        await TestSilo.PrepareAsync(directory, shards);
        await TestPostgres.ExecuteAsync(directory, "UPDATE bucket_map SET ordinal = 1 WHERE bucket = 10; UPDATE shard_map_epoch SET epoch = 5");

        var options = await TestSilo.PrepareAsync(directory, shards);

        Assert.Equal(5, options.Map!.Epoch);
        Assert.Equal(1, options.Map.ShardOfBucket(10));
        Assert.Equal(0, options.Map.ShardOfBucket(12));
        await using var sources = new ShardDataSources(options);
        Assert.Equal(1, sources.Map.ShardOfId(Buckets.MintId(10, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task A_shard_configured_in_another_order_than_registered_stops_start_up()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        await TestSilo.PrepareAsync(directory, shards);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.PrepareAsync(directory, [shards[1], shards[0]]));

        Assert.Contains("ConnectionStrings:Shard0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_process_refreshes_when_the_epoch_moves_and_opens_databases_registered_since()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        var (_, extra) = await TestPostgres.CreateDatabasesAsync(1);
        var options = await TestSilo.PrepareAsync(directory, shards);
        await SchemaMigrator.MigrateAsync(extra[0], "shard", NullLogger.Instance);
        await using var process = new ShardDataSources(options);
        Assert.False(await process.RefreshAsync());

        var (added, isNew) = await ShardDirectory.RegisterAsync(process.Directory, null, null, new NpgsqlConnectionStringBuilder(extra[0]).Database!);
        var epoch = await ShardDirectory.AssignAsync(process.Directory, bucket: 7, ordinal: added.Ordinal);

        Assert.True(isNew);
        Assert.Equal(2, added.Ordinal);
        Assert.Equal(2, process.Map.ShardCount);
        Assert.True(await process.RefreshAsync());
        Assert.Equal(epoch, process.Map.Epoch);
        Assert.Equal(3, process.Shards.Count);
        var id = Buckets.MintId(7, DateTimeOffset.UtcNow);
        Assert.Same(process.Shards[2], process.ForId(id));
        Assert.Equal(1L, await process.ForId(id).CreateCommand("SELECT count(*) FROM schema_versions WHERE version = '0001_events_and_bookings'").ExecuteScalarAsync());
        Assert.False(await process.RefreshAsync());
    }
}
