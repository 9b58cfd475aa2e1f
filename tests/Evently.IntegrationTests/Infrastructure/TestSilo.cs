using Evently.Grains.Hosting;
using Evently.Persistence.Hosting;
using Evently.Persistence.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>A silo process of the split topology, hosted in the test process on the real ADO.NET providers.</summary>
public static class TestSilo
{
    /// <summary>Starts a silo joining the cluster whose membership lives in <paramref name="databases"/>' directory.</summary>
    public static async Task<IHost> StartAsync(DatabaseOptions databases, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var host = Host.CreateDefaultBuilder()
            // Outside Development a silo refuses to start without a webhook signing secret (options bind to the host's configuration).
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Evently:Webhooks:SigningSecret"] = "test-silo-webhook-secret" }))
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(s => s.AddEventlyPersistence(databases))
            .UseOrleans(silo => silo.AddEventlySilo(configuration, databases))
            .Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Settings for a front end that joins these databases' cluster as an Orleans client.</summary>
    public static Dictionary<string, string?> ClientOverrides(string directory, IReadOnlyList<string> shards)
    {
        var settings = new Dictionary<string, string?> { ["Evently:Topology"] = "client", ["ConnectionStrings:Directory"] = directory };
        for (var i = 0; i < shards.Count; i++)
        {
            settings[$"ConnectionStrings:Shard{i}"] = shards[i];
        }

        return settings;
    }

    /// <summary>Database options for connection strings made by <see cref="TestPostgres.CreateDatabasesAsync"/>, migrated.</summary>
    public static async Task<DatabaseOptions> PrepareAsync(string directory, IReadOnlyList<string> shards)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Directory"] = directory, ["Evently:Shards:Count"] = shards.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        for (var i = 0; i < shards.Count; i++)
        {
            settings[$"ConnectionStrings:Shard{i}"] = shards[i];
        }

        var (options, _) = await DatabaseBootstrap.PrepareAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        return options;
    }
}
