using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.SaleDay;

/// <summary>The per-user limit through the real host and PostgreSQL, under many parallel requests of one user.</summary>
public sealed class TicketLimitTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Thirty_two_parallel_requests_of_one_user_never_pass_the_limit()
    {
        var created = await App.CreateSaleAsync(fixture.Admin, new { maxTicketsPerUser = 5 }, capacity: 1000);
        var eventId = created.GetProperty("id").GetGuid();
        var (userId, token) = await App.RegisterAsync();
        using var client = App.ClientWithToken(token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => client.BookAsync(eventId, 1 + i % 2, $"parallel-{i}")));

        var booked = 0;
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                booked += (await response.JsonAsync()).GetProperty("quantity").GetInt32();
            }
            else
            {
                var problem = await response.AssertProblemAsync(409, "ticket_limit_reached");
                Assert.InRange(problem.GetProperty("remaining").GetInt32(), 0, 1);
            }
        }

        Assert.InRange(booked, 4, 5);
        long stored = 0;
        foreach (var shard in App.Shards)
        {
            stored += await TestPostgres.ScalarAsync<long>(shard,
                "SELECT coalesce(sum(quantity), 0)::bigint FROM bookings WHERE event_id = @e AND user_id = @u AND status = 'confirmed'", ("e", eventId), ("u", userId));
        }

        Assert.Equal(booked, stored);
        var last = await client.BookAsync(eventId, 1);
        if (booked == 5)
        {
            var problem = await last.AssertProblemAsync(409, "ticket_limit_reached");
            Assert.Equal(0, problem.GetProperty("remaining").GetInt32());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        }

        // Another user is not limited by the first one's seats.
        using var otherClient = await App.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await otherClient.BookAsync(eventId, 5)).StatusCode);
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Cancelling_gives_the_seats_back_to_the_limit()
    {
        var created = await App.CreateSaleAsync(fixture.Admin, new { maxTicketsPerUser = 3 }, capacity: 100);
        var eventId = created.GetProperty("id").GetGuid();
        using var client = await App.UserClientAsync();
        var first = await (await client.BookAsync(eventId, 3)).JsonAsync();

        var refused = await (await client.BookAsync(eventId, 1)).AssertProblemAsync(409, "ticket_limit_reached");
        Assert.Equal(0, refused.GetProperty("remaining").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri($"/api/v1/bookings/{first.GetProperty("id").GetGuid()}/cancel", UriKind.Relative), null)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.BookAsync(eventId, 3)).StatusCode);
    }
}
