using System.Reflection;
using Evently.Persistence.Options;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Persistence.Migrations;

/// <summary>
/// Applies the versioned scripts of <c>sql/directory</c> and <c>sql/shard</c> (embedded in this assembly).
/// Each script runs once, in its own transaction, recorded in <c>schema_versions</c>; an advisory lock
/// makes silos that start together take turns.
/// </summary>
public static partial class SchemaMigrator
{
    private const long AdvisoryLockKey = 0x4556454E544C59; // "EVENTLY"

    /// <summary>Migrates the directory database and every shard, shards in parallel.</summary>
    public static async Task MigrateAllAsync(DatabaseOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        await MigrateAsync(options.Directory, "directory", logger, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(options.Shards.Select(s => MigrateAsync(s, "shard", logger, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Applies the scripts of <paramref name="kind"/> (<c>directory</c> or <c>shard</c>) not yet recorded; returns how many ran.</summary>
    public static async Task<int> MigrateAsync(string connectionString, string kind, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_versions (
                    version    varchar(200) PRIMARY KEY,
                    applied_at timestamptz  NOT NULL DEFAULT now()
                )
                """, cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var read = new NpgsqlCommand("SELECT version FROM schema_versions", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var ran = 0;
            foreach (var (version, sql) in Scripts(kind))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var script = new NpgsqlCommand(sql, connection, transaction))
                {
                    await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO schema_versions (version) VALUES (@v)", connection, transaction))
                {
                    record.Parameters.AddWithValue("v", version);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                LogApplied(logger, kind, version, connection.Database);
                ran++;
            }

            return ran;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The embedded scripts of one kind, in version order.</summary>
    public static IReadOnlyList<(string Version, string Sql)> Scripts(string kind)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"sql/{kind}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (Path.GetFileNameWithoutExtension(n), Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Applied migration {Kind}/{Version} to {Database}")]
    private static partial void LogApplied(ILogger logger, string kind, string version, string database);
}
