using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// The real host on fresh databases of the shared test PostgreSQL, in the Production environment, with every log line of
/// Evently and ASP.NET Core (Debug and up) and everything else (Information and up) also going to <see cref="Logs"/>.
/// Its own factory rather than <see cref="EventlyApp"/>: the capture must be in place before the host starts.
/// </summary>
public sealed class LoggedApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private LoggedApp(Dictionary<string, string?> settings) => _settings = settings;

    /// <summary>What the host logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Creates fresh databases and starts the host with <paramref name="settings"/> on top of them.</summary>
    public static async Task<LoggedApp> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        var all = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:Directory"] = directory,
            ["ConnectionStrings:Shard0"] = shards[0],
            ["ConnectionStrings:Shard1"] = shards[1],
            ["Evently:Shards:Count"] = "2",
            ["Evently:Database:MaxPoolSize"] = "20",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = new LoggedApp(all);
        using var client = app.CreateClient();
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).EnsureSuccessStatusCode();
        return app;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging
            .AddProvider(Logs)
            .AddFilter<LogCapture>(null, LogLevel.Information)
            .AddFilter<LogCapture>("Evently", LogLevel.Debug)
            .AddFilter<LogCapture>("Microsoft.AspNetCore", LogLevel.Debug));
    }
}
