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

        var options = settings with { Directory = directory, Shards = shards };
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
