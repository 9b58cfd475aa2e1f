using Evently.Domain.Sharding;
using Evently.Persistence.Embedded;
using Evently.Persistence.Migrations;
using Evently.Persistence.Options;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Persistence.Hosting;

/// <summary>
/// Resolves the databases before anything else starts: the configured servers, or else an embedded
/// PostgreSQL cluster holding the directory and the shard databases. Then applies <c>sql/</c> migrations.
/// </summary>
public static class DatabaseBootstrap
{
    /// <summary>Reads, checks and (if needed) provisions the databases; throws <see cref="InvalidOperationException"/> with one clear message on bad configuration.</summary>
    public static async Task<(DatabaseOptions Options, EmbeddedPostgres? Embedded)> PrepareAsync(
        IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        // Everything is checked before any database is started or touched.
        var shardCount = configuration.GetEventlyOptions<ShardOptions>().Count;
        var settings = new DatabaseOptions { Directory = "", Shards = [] };
        configuration.GetSection(DatabaseOptions.Section).Bind(settings);
        EventlyOptionsExtensions.Checked(settings);
        CommitBudget.Validate(settings.ConnectionTimeoutSeconds, settings.CommandTimeoutSeconds, CommitBudget.ResponseTimeout(configuration));

        var directory = configuration.GetConnectionString("Directory");
        EmbeddedPostgres? embedded = null;
        string[] shards;
        if (string.IsNullOrWhiteSpace(directory))
        {
            embedded = await EmbeddedPostgres.StartAsync(configuration.GetEventlyOptions<EmbeddedPostgresOptions>(), logger, cancellationToken).ConfigureAwait(false);
            await embedded.EnsureDatabaseAsync("evently_directory", cancellationToken).ConfigureAwait(false);
            directory = embedded.ConnectionString("evently_directory");
            shards = new string[shardCount];
            for (var i = 0; i < shardCount; i++)
            {
                await embedded.EnsureDatabaseAsync($"evently_shard_{i}", cancellationToken).ConfigureAwait(false);
                shards[i] = embedded.ConnectionString($"evently_shard_{i}");
            }
        }
        else
        {
            Validate("Directory", directory);
            shards = Enumerable.Range(0, shardCount)
                .Select(i => configuration.GetConnectionString($"Shard{i}")
                    ?? throw new InvalidOperationException($"ConnectionStrings:Shard{i} is missing: with ConnectionStrings:Directory set, every shard 0..{shardCount - 1} needs a connection string."))
                .ToArray();
        }

        Validate("Directory", directory);
        for (var i = 0; i < shards.Length; i++)
        {
            Validate($"Shard{i}", shards[i]);
        }

        await SchemaMigrator.MigrateAsync(directory, "directory", logger, cancellationToken).ConfigureAwait(false);
        var (resolved, map) = await ReadShardMapAsync(directory, shards, cancellationToken).ConfigureAwait(false);
        var options = settings with { Directory = directory, Shards = resolved, Map = map };
        await Task.WhenAll(resolved.Select(s => SchemaMigrator.MigrateAsync(s, "shard", logger, cancellationToken))).ConfigureAwait(false);
        return (options, embedded);
    }

    /// <summary>
    /// Writes the directory's bucket map on first start (bucket % N over the configured shards), then reads it: every
    /// registered database (the configured ones, then those added since, reached with the directory's credentials).
    /// </summary>
    private static async Task<(string[] Shards, ShardMap Map)> ReadShardMapAsync(string directory, string[] configured, CancellationToken cancellationToken)
    {
        await ShardDirectory.SeedAsync(directory, configured, cancellationToken).ConfigureAwait(false);
        await using var source = NpgsqlDataSource.Create(directory);
        var topology = await ShardDirectory.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        return (topology.Databases.Select(d => ShardConnections.Resolve(directory, configured, d)).ToArray(), topology.Map);
    }

    private static void Validate(string name, string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ArgumentException("no Host");
            }
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} is not a valid PostgreSQL connection string ({ex.Message}).", ex);
        }
    }
}
