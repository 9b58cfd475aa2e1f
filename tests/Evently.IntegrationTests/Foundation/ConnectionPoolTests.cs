using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Options;
using Evently.Persistence.Sharding;
using Npgsql;

namespace Evently.IntegrationTests.Foundation;

/// <summary>
/// The shard pools are set for short transactions: a connection goes back to the pool without a reset (the server runs
/// no RESET ALL / DISCARD batch before the next checkout's first command), and hot statements stay prepared across
/// checkouts.
/// </summary>
public sealed class ConnectionPoolTests
{
    [Fact]
    public async Task A_shard_connection_goes_back_to_the_pool_without_a_reset_and_keeps_its_prepared_statements()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(1);
        await using var sources = new ShardDataSources(new DatabaseOptions { Directory = directory, Shards = shards, MaxPoolSize = 1 });
        var shard = sources.Shards[0];

        int firstBackend;
        await using (var connection = await shard.OpenConnectionAsync())
        {
            firstBackend = await ScalarAsync<int>(connection, "SELECT pg_backend_pid()");
            await ScalarAsync<string>(connection, "SELECT set_config('evently.probe', 'kept', false)");
        }

        for (var i = 0; i < 3; i++)
        {
            await using var connection = await shard.OpenConnectionAsync();
            await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_class WHERE relname = 'bookings'");
        }

        await using (var connection = await shard.OpenConnectionAsync())
        {
            // One pooled connection, so the same backend: a reset on return would have cleared the session's setting.
            Assert.Equal(firstBackend, await ScalarAsync<int>(connection, "SELECT pg_backend_pid()"));
            Assert.Equal("kept", await ScalarAsync<string>(connection, "SELECT current_setting('evently.probe', true)"));
            Assert.Equal(1L, await ScalarAsync<long>(connection,
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT count(*) FROM pg_class WHERE relname = ''bookings'''"));
        }

        var settings = new NpgsqlConnectionStringBuilder(shard.ConnectionString);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(ShardDataSources.MaxPreparedStatements, settings.MaxAutoPrepare);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
