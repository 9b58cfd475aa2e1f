using Evently.Persistence.Embedded;
using Evently.Persistence.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evently.Persistence.Hosting;

/// <summary>The databases of a host of the cluster, the front end's or a silo process's.</summary>
public static class DatabaseHosting
{
    /// <summary>
    /// Resolves and migrates the databases (<see cref="DatabaseBootstrap"/>: an embedded cluster when none is configured),
    /// keeps an embedded cluster running for the host's life, and registers the data sources and the reads.
    /// </summary>
    public static async Task<DatabaseOptions> AddEventlyDatabasesAsync(this IHostApplicationBuilder builder, ILogger logger)
    {
        var (databases, embedded) = await DatabaseBootstrap.PrepareAsync(builder.Configuration, logger).ConfigureAwait(false);
        if (embedded is not null)
        {
            builder.Services.AddSingleton(embedded);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
            // The load generator and operators read the embedded server's address from here; it holds the password, so 0600.
            SecretFile.Overwrite(Path.Combine(embedded.HomeDirectory, "connection.txt"), embedded.ConnectionString("postgres") + Environment.NewLine);
        }

        builder.Services.AddEventlyPersistence(databases);
        return databases;
    }
}
