using System.Collections.Concurrent;
using System.Net;
using Evently.Contracts.Events;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Bookings;

public sealed class FlashSaleTests
{
    [Fact]
    public async Task Two_thousand_concurrent_requests_sell_exactly_the_capacity_in_batches()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 500);
        var users = await app.RegisterManyAsync(200);
        var clients = users.Select(u => app.ClientWithToken(u.Token)).ToArray();
        var random = new Random(42);
        var plan = Enumerable.Range(0, 2000).Select(i => (Client: clients[i % clients.Length], Quantity: random.Next(1, 4))).ToList();
        var confirmed = new ConcurrentBag<(Guid Id, int Quantity)>();
        var others = new ConcurrentBag<(HttpStatusCode Status, string? Code)>();

        await Task.WhenAll(plan.Select(async p =>
        {
            using var response = await p.Client.BookAsync(eventId, p.Quantity, Guid.NewGuid().ToString("N"));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var body = await response.JsonAsync();
                confirmed.Add((body.GetProperty("id").GetGuid(), body.GetProperty("quantity").GetInt32()));
            }
            else
            {
                others.Add((response.StatusCode, await response.CodeAsync()));
            }
        }));

        var stats = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId).GetBatchStatsAsync();
        Assert.Equal(500, confirmed.Sum(c => c.Quantity));
        Assert.Equal(500, await app.SoldAsync(eventId));
        Assert.Equal(confirmed.Count, await app.CountBookingsAsync(confirmed.Select(c => c.Id).ToList()));
        Assert.All(others, o => Assert.True(o is (HttpStatusCode.Conflict, "sold_out") or (HttpStatusCode.TooManyRequests, "rate_limited"), $"{o.Status} {o.Code}"));
        Assert.True(stats.MeanBatchSize > 1.5, $"mean batch size {stats.MeanBatchSize:F2} over {stats.Batches} batches");
        await app.AssertInvariantsAsync();
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
