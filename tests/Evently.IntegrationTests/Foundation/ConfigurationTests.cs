using Evently.Persistence.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evently.IntegrationTests.Foundation;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("0", "Host=127.0.0.1;Database=x", "Evently:Shards:Count must be between 1 and 64")]
    [InlineData("2", "Host=127.0.0.1;Database=x;Bogus Key=1", "ConnectionStrings:Directory is not a valid PostgreSQL connection string")]
    [InlineData("2", null, "ConnectionStrings:Shard1 is missing")]
    public async Task Bad_configuration_stops_start_up_with_one_clear_message(string shardCount, string? directoryOverride, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Evently:Shards:Count"] = shardCount,
            ["ConnectionStrings:Directory"] = directoryOverride ?? "Host=127.0.0.1;Database=x",
            ["ConnectionStrings:Shard0"] = "Host=127.0.0.1;Database=s0",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseBootstrap.PrepareAsync(configuration, NullLogger.Instance));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
