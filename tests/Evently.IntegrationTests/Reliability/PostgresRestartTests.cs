using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// The PostgreSQL server itself stops dead (immediate shutdown, like a crash) in the middle of a flash sale and comes
/// back two seconds later. Its own throwaway server, so the suite's shared one is not touched.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_server_restart_mid_sale_answers_503_or_504_for_the_commit_in_flight_never_hangs_loses_nothing_and_selling_resumes()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"evently-restart-{Guid.NewGuid():N}");
        // Durable: an immediate stop drops WAL not yet written, which synchronous_commit=off (the non-durable setting)
        // lets hold commits already acknowledged. The test asks whether the product loses them, not the test server.
        var server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "data"), Durable = true, MaxConnections = 200 }, NullLogger.Instance);
        try
        {
            foreach (var database in new[] { "evently_directory", "evently_shard_0", "evently_shard_1" })
            {
                await server.EnsureDatabaseAsync(database);
            }

            await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Directory"] = server.ConnectionString("evently_directory"),
                ["ConnectionStrings:Shard0"] = server.ConnectionString("evently_shard_0"),
                ["ConnectionStrings:Shard1"] = server.ConnectionString("evently_shard_1"),
                ["Evently:PasswordHasher:IterationCount"] = "1000",
            }, shards: 2);
            var eventId = await app.CreateEventAsync(await app.AdminTokenAsync(), capacity: 100_000);
            var clients = (await app.RegisterManyAsync(20)).Select(u => app.ClientWithToken(u.Token)).ToList();
            clients.ForEach(c => c.Timeout = RequestTimeout);

            await using var sale = SaleDriver.Start(clients, eventId);
            await Task.Delay(1500);
            await server.KillAsync();
            var down = sale.Now;
            await Task.Delay(2000);
            var restarting = sale.Now;
            await server.RestartAsync();
            var up = sale.Now;
            await Task.Delay(3000);
            await sale.StopAsync();

            var answers = sale.Answers.ToList();
            var outage = sale.Within(down, restarting);
            var afterRestart = answers.Where(a => a.Asked >= up && a.Status == 201).ToList();
            output.WriteLine($"{answers.Count} answers: {string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}; " +
                $"outage {outage.Count} answers, {afterRestart.Count} sold after the restart; slowest {answers.Max(a => a.Answered - a.Asked).TotalMilliseconds:F0} ms");
            Assert.DoesNotContain(answers, a => a.Status == 0);
            Assert.All(answers, a => Assert.Contains(a.Status, new[] { 201, 429, 503, 504 }));
            Assert.Contains(outage, a => a.Status == 503);
            Assert.All(outage, a => Assert.Contains(a.Status, new[] { 429, 503, 504 }));

            // 504 outcome_unknown only for the batch whose COMMIT was on the wire when the server died: asked before the
            // kill, answered right after it. Everything refused later is a 503 (nothing happened).
            Assert.All(answers.Where(a => a.Status == 504), a =>
            {
                Assert.True(a.Asked <= down, $"a 504 for a request asked {a.Asked} after the kill at {down}");
                Assert.True(a.Answered <= down + TimeSpan.FromSeconds(5), $"a 504 answered at {a.Answered}, long after the kill at {down}");
            });
            Assert.True(afterRestart.Count > 0, "selling did not resume after the server came back");
            var acknowledged = sale.Acknowledged;
            Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
            Assert.Equal(acknowledged.Count, await app.CountBookingsAsync(acknowledged));
            Assert.True(await app.SoldAsync(eventId) >= acknowledged.Count);
            await app.AssertInvariantsAsync();
            clients.ForEach(c => c.Dispose());
        }
        finally
        {
            await server.StopAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
