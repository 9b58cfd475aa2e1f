using Evently.Persistence.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run (fsync off), started from the machine's binaries
/// like the product's embedded default. Each test app gets its own fresh databases on it.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);
    private static int _databases;

    /// <summary>The shared server, started on first use and stopped when the test process exits.</summary>
    public static Task<EmbeddedPostgres> GetAsync() => Server.Value;

    /// <summary>Creates a fresh directory database and <paramref name="shards"/> shard databases; returns their connection strings.</summary>
    public static async Task<(string Directory, string[] Shards)> CreateDatabasesAsync(int shards = 4)
    {
        var server = await GetAsync();
        var prefix = $"t{Interlocked.Increment(ref _databases)}";
        await server.EnsureDatabaseAsync($"{prefix}_directory");
        var result = new string[shards];
        for (var i = 0; i < shards; i++)
        {
            await server.EnsureDatabaseAsync($"{prefix}_shard_{i}");
            result[i] = server.ConnectionString($"{prefix}_shard_{i}");
        }

        return (server.ConnectionString($"{prefix}_directory"), result);
    }

    /// <summary>Runs a scalar query.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement.</summary>
    public static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    // Tests break databases on purpose; a fresh connection per check never inherits a killed one.
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"evently-tests-{Environment.ProcessId}");
        var server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "data"), Durable = false, MaxConnections = 600 },
            NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.StopAsync().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return server;
    }
}
