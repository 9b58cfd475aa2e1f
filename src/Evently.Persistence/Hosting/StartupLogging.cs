using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Evently.Persistence.Hosting;

/// <summary>
/// The one logger factory of the steps that run before the host is built (databases, keys), configured like the host's
/// own: levels and the console formatter (<c>Logging:Console:FormatterName</c> simple or json) from <c>Logging</c>.
/// </summary>
public static class StartupLogging
{
    /// <summary>A logger factory reading <paramref name="configuration"/>'s <c>Logging</c> section; dispose it after start-up.</summary>
    public static ILoggerFactory Create(IConfiguration configuration) =>
        LoggerFactory.Create(b => b.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
}
