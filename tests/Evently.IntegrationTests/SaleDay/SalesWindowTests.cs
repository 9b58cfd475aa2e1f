using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.SaleDay;

/// <summary>
/// The sales window through the real host: clients hammer an event across its opening and its close. The server and
/// the test share one clock, and a decision happens between sending and answering, so each answer is checked exactly:
/// <c>sales_not_open</c> only for a request sent before the opening, a booking's <c>createdAt</c> (the deciding turn's
/// clock) never a millisecond outside <c>[salesStartAt, salesEndAt)</c>, <c>sales_closed</c> only once the close passed.
/// </summary>
public sealed class SalesWindowTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public Task No_booking_is_accepted_a_millisecond_before_the_opening_or_at_the_close() => HammerAcrossTheWindowAsync([App], fixture.Admin);

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Across_two_silos_and_two_front_ends_the_window_holds_to_the_millisecond()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        var databases = await TestSilo.PrepareAsync(directory, shards);
        var silos = new List<Microsoft.Extensions.Hosting.IHost> { await TestSilo.StartAsync(databases), await TestSilo.StartAsync(databases) };
        await using var first = await EventlyApp.StartAsync(TestSilo.ClientOverrides(directory, shards), shards: 2);
        await using var second = await EventlyApp.StartAsync(TestSilo.ClientOverrides(directory, shards), shards: 2);
        try
        {
            await HammerAcrossTheWindowAsync([first, second], await first.AdminTokenAsync());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync();
                silo.Dispose();
            }
        }
    }

    /// <summary>Eight users book in a loop across the opening and the close, alternating between <paramref name="fronts"/>.</summary>
    private static async Task HammerAcrossTheWindowAsync(EventlyApp[] fronts, string admin)
    {
        var app = fronts[0];
        var users = await app.RegisterManyAsync(8);
        var start = DateTimeOffset.UtcNow.AddSeconds(3);
        var end = start.AddSeconds(2);
        var created = await app.CreateSaleAsync(admin, new { salesStartAt = start, salesEndAt = end }, capacity: 100_000);
        var eventId = created.GetProperty("id").GetGuid();
        var answers = new ConcurrentBag<(DateTimeOffset Sent, DateTimeOffset Received, HttpResponseMessage Response)>();

        await Task.WhenAll(users.Select(async (user, i) =>
        {
            using var client = fronts[i % fronts.Length].ClientWithToken(user.Token);
            while (DateTimeOffset.UtcNow < end.AddMilliseconds(500))
            {
                var sent = DateTimeOffset.UtcNow;
                var response = await client.BookAsync(eventId, 1);
                answers.Add((sent, DateTimeOffset.UtcNow, response));
            }
        }));

        var confirmed = 0;
        var notOpen = 0;
        var closed = 0;
        foreach (var (sent, received, response) in answers)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    var createdAt = (await response.JsonAsync()).GetProperty("createdAt").GetDateTimeOffset();
                    Assert.InRange(createdAt, start, end.AddTicks(-1));
                    Assert.True(received >= start, $"a booking answered at {received:O} before sales opened at {start:O}");
                    confirmed++;
                    break;
                case HttpStatusCode.Conflict when await response.CodeAsync() == "sales_not_open":
                    var problem = await response.AssertProblemAsync(409, "sales_not_open");
                    Assert.Equal(start.ToUnixTimeMilliseconds(), problem.GetProperty("salesStartAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
                    Assert.True(sent < start, $"sales_not_open for a request sent at {sent:O}, after the opening at {start:O}");
                    notOpen++;
                    break;
                default:
                    await response.AssertProblemAsync(409, "sales_closed");
                    Assert.True(received >= end, $"sales_closed answered at {received:O}, before the close at {end:O}");
                    closed++;
                    break;
            }
        }

        Assert.True(notOpen > 0 && confirmed > 0 && closed > 0, $"{notOpen} not open, {confirmed} confirmed, {closed} closed");
        Assert.Equal(confirmed, await app.SoldAsync(eventId));
        var outside = 0L;
        foreach (var shard in app.Shards)
        {
            outside += await TestPostgres.ScalarAsync<long>(shard,
                "SELECT count(*) FROM bookings b JOIN events e ON e.id = b.event_id WHERE e.id = @e AND (b.created_at < e.sales_start_at OR b.created_at >= e.sales_end_at)",
                ("e", eventId));
        }

        Assert.Equal(0, outside);
        await app.AssertInvariantsAsync();
    }
}
