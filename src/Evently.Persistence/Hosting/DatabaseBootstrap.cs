using Evently.Persistence.Embedded;
using Evently.Persistence.Migrations;
using Evently.Persistence.Options;
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
    /// <summary>Default number of shard databases.</summary>
    public const int DefaultShardCount = 4;

    /// <summary>Reads, checks and (if needed) provisions the databases; throws <see cref="InvalidOperationException"/> with one clear message on bad configuration.</summary>
    public static async Task<(DatabaseOptions Options, EmbeddedPostgres? Embedded)> PrepareAsync(
        IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        var shardCount = configuration.GetValue("Evently:Shards:Count", DefaultShardCount);
        if (shardCount is < 1 or > 64)
        {
            throw new InvalidOperationException($"Evently:Shards:Count must be between 1 and 64 (was {shardCount}).");
        }

        // Checked before any database is started or touched.
        var connectionTimeout = configuration.GetValue("Evently:Database:ConnectionTimeoutSeconds", DatabaseOptions.DefaultTimeoutSeconds);
        var commandTimeout = configuration.GetValue("Evently:Database:CommandTimeoutSeconds", DatabaseOptions.DefaultTimeoutSeconds);
        CommitBudget.Validate(connectionTimeout, commandTimeout, CommitBudget.ResponseTimeout(configuration));

        var directory = configuration.GetConnectionString("Directory");
        EmbeddedPostgres? embedded = null;
        string[] shards;
        if (string.IsNullOrWhiteSpace(directory))
        {
            var embeddedOptions = new EmbeddedPostgresOptions();
            configuration.GetSection("Evently:EmbeddedPostgres").Bind(embeddedOptions);
            embedded = await EmbeddedPostgres.StartAsync(embeddedOptions, logger, cancellationToken).ConfigureAwait(false);
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

        var options = new DatabaseOptions
        {
            Directory = directory,
            Shards = shards,
            MaxPoolSize = configuration.GetValue("Evently:Database:MaxPoolSize", 40),
            ConnectionTimeoutSeconds = connectionTimeout,
            CommandTimeoutSeconds = commandTimeout,
        };
        await SchemaMigrator.MigrateAllAsync(options, logger, cancellationToken).ConfigureAwait(false);
        return (options, embedded);
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
