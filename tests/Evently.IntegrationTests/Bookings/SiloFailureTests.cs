using System.Net;
using Evently.Contracts.Events;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Evently.IntegrationTests.Bookings;

public sealed class SiloFailureTests
{
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Killing_the_silo_that_hosts_the_event_mid_sale_loses_no_acknowledged_booking()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        var databases = await TestSilo.PrepareAsync(directory, shards);
        var silos = new List<IHost> { await TestSilo.StartAsync(databases), await TestSilo.StartAsync(databases) };
        var overrides = TestSilo.ClientOverrides(directory, shards);
        await using var app = await EventlyApp.StartAsync(overrides, shards: 2);
        try
        {
            var admin = await app.AdminTokenAsync();
            var eventId = await app.CreateEventAsync(admin, capacity: 100_000);
            var users = await app.RegisterManyAsync(20);
            var clients = users.Select(u => app.ClientWithToken(u.Token)).ToArray();
            await using var sale = SaleDriver.Start(clients, eventId);
            var acknowledged = sale.Acknowledged;
            var statuses = sale.Statuses;
            await Task.Delay(1500);

            var grains = app.Services.GetRequiredService<IGrainFactory>();
            var host = (await grains.GetGrain<IEventGrain>(eventId).GetBatchStatsAsync()).Silo;
            var victim = silos.Single(s => host.Contains(s.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString(), StringComparison.Ordinal));
            // Ungraceful: a cancelled stop token skips the orderly shutdown, like a crash.
            await victim.StopAsync(new CancellationToken(canceled: true));
            var atKill = acknowledged.Count;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < atKill + 50 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            await sale.StopAsync();
            var survivor = (await grains.GetGrain<IEventGrain>(eventId).GetBatchStatsAsync()).Silo;

            Assert.True(acknowledged.Count >= atKill + 50, $"selling did not resume on the surviving silo ({acknowledged.Count} after {atKill})");
            Assert.NotEqual(host, survivor);
            Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
            Assert.Equal(acknowledged.Count, await app.CountBookingsAsync(acknowledged.ToList()));
            // A batch committed just before the crash may be unacknowledged (its callers saw an error and may retry
            // with their key), so rows can outnumber 201s, never the reverse.
            Assert.True(await app.SoldAsync(eventId) >= acknowledged.Count);
            Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses.Keys);
            await app.AssertInvariantsAsync();
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                try
                {
                    await silo.StopAsync(new CancellationToken(canceled: true));
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
                {
                }

                silo.Dispose();
            }
        }
    }
}
