using Evently.Persistence.Hosting;
using Evently.Persistence.Options;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evently.IntegrationTests.Foundation;

/// <summary>Two commits (the batch ahead and one's own) must fail or finish before the grain call times out.</summary>
public sealed class CommitBudgetTests
{
    [Theory]
    // The timeouts of version 1.0: 2 × (5 + 10) = 30 s against a 10 s call.
    [InlineData("5", "10", null, "Evently:Database timeouts do not fit the grain call timeout: 2 × (ConnectionTimeoutSeconds 5 + CommandTimeoutSeconds 10) = 30 s must be below Evently:Cluster:ResponseTimeoutSeconds (10 s)")]
    // The defaults (2 s and 2 s) need more than 8 s.
    [InlineData(null, null, "8", "Evently:Database timeouts do not fit the grain call timeout: 2 × (ConnectionTimeoutSeconds 2 + CommandTimeoutSeconds 2) = 8 s must be below Evently:Cluster:ResponseTimeoutSeconds (8 s)")]
    [InlineData("2", "0", null, "Evently:Database:ConnectionTimeoutSeconds and CommandTimeoutSeconds must be at least 1")]
    public async Task Timeouts_that_do_not_fit_stop_start_up_before_any_database_is_touched(string? connection, string? command, string? response, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            // Nothing listens here: reaching the database would fail with another error.
            ["ConnectionStrings:Directory"] = "Host=127.0.0.1;Port=1;Database=x",
            ["ConnectionStrings:Shard0"] = "Host=127.0.0.1;Port=1;Database=s0",
            ["Evently:Shards:Count"] = "1",
            ["Evently:Database:ConnectionTimeoutSeconds"] = connection,
            ["Evently:Database:CommandTimeoutSeconds"] = command,
            ["Evently:Cluster:ResponseTimeoutSeconds"] = response,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseBootstrap.PrepareAsync(configuration, NullLogger.Instance));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_defaults_fit_and_reach_every_data_source()
    {
        CommitBudget.Validate(DatabaseOptions.DefaultTimeoutSeconds, DatabaseOptions.DefaultTimeoutSeconds, CommitBudget.ResponseTimeout(new ConfigurationBuilder().Build()));
        CommitBudget.Validate(3, 1, TimeSpan.FromSeconds(9));
        await using var sources = new ShardDataSources(new DatabaseOptions
        {
            Directory = "Host=127.0.0.1;Database=d", Shards = ["Host=127.0.0.1;Database=s0"], ConnectionTimeoutSeconds = 3, CommandTimeoutSeconds = 1,
        });
        await using var defaults = new ShardDataSources(new DatabaseOptions { Directory = "Host=127.0.0.1;Database=d", Shards = ["Host=127.0.0.1;Database=s0"] });

        var configured = new NpgsqlConnectionStringBuilder(sources.Shards[0].ConnectionString);
        var directory = new NpgsqlConnectionStringBuilder(defaults.Directory.ConnectionString);
        Assert.Equal((3, 1), (configured.Timeout, configured.CommandTimeout));
        Assert.Equal((2, 2), (directory.Timeout, directory.CommandTimeout));
    }
}
