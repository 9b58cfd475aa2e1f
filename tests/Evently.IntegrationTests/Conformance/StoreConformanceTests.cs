using CsCheck;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Migrations;
using Evently.Persistence.Options;
using Evently.Persistence.Sharding;
using Evently.Persistence.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evently.IntegrationTests.Conformance;

/// <summary>
/// The simulated store (tests/Evently.Core.Tests/Simulation/SimStore*.cs) must keep the PostgreSQL store's contract,
/// or the simulation proves things about a store that does not exist. Seeded cases of batches, valid and faulty, go
/// through both; where they differ, the SQL is the truth. <c>EVENTLY_CONFORMANCE_CASES=N</c> runs N cases;
/// <c>EVENTLY_CONFORMANCE_SEED=…</c> replays one.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class StoreConformanceTests
{
    [Fact]
    public async Task The_simulated_store_commits_refuses_and_reads_back_what_PostgreSQL_does()
    {
        var seed = Environment.GetEnvironmentVariable("EVENTLY_CONFORMANCE_SEED");
        var cases = long.TryParse(Environment.GetEnvironmentVariable("EVENTLY_CONFORMANCE_CASES"), out var n) ? n : 300;
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(1);
        await SchemaMigrator.MigrateAsync(shards[0], "shard", NullLogger.Instance);
        await using var sources = new ShardDataSources(new DatabaseOptions { Directory = directory, Shards = shards });
        var store = new PostgresEventStore(sources);
        var tally = new Dictionary<string, int>();

        await ConformanceCase.Any.SampleAsync(async conformanceCase =>
        {
            if (await new ConformanceRun(store, sources.Shards[0], tally).RunAsync(conformanceCase) is { } difference)
            {
                throw new InvalidOperationException(
                    $"{difference}\nReplay with EVENTLY_CONFORMANCE_SEED=<the seed CsCheck prints> dotnet test tests/Evently.IntegrationTests --filter Category=Conformance");
            }
        }, seed: seed, iter: seed is null ? cases : 1, threads: 1, print: c => c.ToString());

        if (seed is null)
        {
            // The cases reach every outcome: each kind of batch commits, and batches fail both ways.
            var missing = Enum.GetValues<StepKind>().Where(k => k != StepKind.Nothing).Select(k => $"{k} committed")
                .Concat(["NotCommitted", "Conflict"]).Where(what => tally.GetValueOrDefault(what) == 0).ToList();
            Assert.True(missing.Count == 0, $"never reached: {string.Join(", ", missing)}");
        }
    }
}
