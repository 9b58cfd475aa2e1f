using System.Net;
using Evently.Contracts.Queues;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.SaleDay;

/// <summary>The waiting room is grain state on the event's shard: killing the silo that hosts it changes no one's place.</summary>
public sealed class WaitingRoomFailoverTests
{
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Killing_the_silo_that_hosts_the_queue_keeps_every_position_and_admission()
    {
        await using var cluster = await SplitCluster.StartAsync();
        var app = cluster.App;
        var admin = await app.AdminTokenAsync();
        var users = await app.RegisterManyAsync(40);
        var clients = users.Select(u => app.ClientWithToken(u.Token)).ToArray();

        // One admission a minute: the first at the opening, the next a minute later, so nothing moves while we compare.
        var start = DateTimeOffset.UtcNow.AddSeconds(3);
        var created = await app.CreateSaleAsync(admin, new { salesStartAt = start, waitingRoom = new { admitPerMinute = 1, admissionMinutes = 10, opensMinutesBefore = 10 } });
        var eventId = created.GetProperty("id").GetGuid();
        foreach (var client in clients)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative), null)).StatusCode);
        }

        string[] before = [];
        await Poll.AssertAsync(async () =>
        {
            before = await PlacesAsync(clients, eventId);
            return before.Count(p => p.StartsWith("admitted", StringComparison.Ordinal)) == 1 && before.Count(p => !p.Contains("#-", StringComparison.Ordinal)) == 39;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));

        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var host = await grains.GetGrain<IWaitingRoomGrain>(eventId).GetHostAsync();
        await cluster.KillAsync(host);

        string[] after = [];
        await Poll.AssertAsync(async () =>
        {
            try
            {
                after = await PlacesAsync(clients, eventId);
                return after.All(p => !p.StartsWith("503", StringComparison.Ordinal));
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(45), TimeSpan.FromMilliseconds(100));

        Assert.NotEqual(host, await grains.GetGrain<IWaitingRoomGrain>(eventId).GetHostAsync());
        Assert.Equal(before, after);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>Each user's place as one comparable string: status, position, admission end and join time.</summary>
    private static async Task<string[]> PlacesAsync(HttpClient[] clients, Guid eventId)
    {
        var places = new string[clients.Length];
        for (var i = 0; i < clients.Length; i++)
        {
            var response = await clients[i].GetAsync(new Uri($"/api/v1/events/{eventId}/queue/me", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return [$"{(int)response.StatusCode}"];
            }

            var place = await response.JsonAsync();
            places[i] = $"{place.GetProperty("status").GetString()} #{(place.IsNullOrAbsent("position") ? "-" : place.GetProperty("position").GetInt32())}"
                + $" until {(place.IsNullOrAbsent("admittedUntil") ? "-" : place.GetProperty("admittedUntil").GetDateTimeOffset().ToUnixTimeMilliseconds())}"
                + $" joined {place.GetProperty("joinedAt").GetDateTimeOffset().ToUnixTimeMilliseconds()}";
        }

        return places;
    }
}
