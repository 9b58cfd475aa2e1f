using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Npgsql;

namespace Evently.IntegrationTests.Seating;

/// <summary>The seat map is served as committed: not with a batch still on its way to PostgreSQL, never with one that failed.</summary>
public sealed class SeatMapOutageTests
{
    private static readonly object Plan = new { sections = new[] { new { name = "A", rows = new[] { new { label = "1", seats = 4 } } } } };

    [Fact]
    public async Task The_seat_map_shows_no_seats_of_a_batch_in_flight_nor_of_one_that_failed()
    {
        await using var app = await EventlyApp.StartAsync();
        var adminToken = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(adminToken, capacity: 3);
        using var admin = app.ClientWithToken(adminToken);
        using var anonymous = app.ClientWithToken(null);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutPlanAsync(eventId, Plan)).StatusCode);
        using var user = await app.UserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-1" } })).StatusCode);

        // Another transaction locks the event's row: the next batch's commit waits on it, in flight.
        var shard = app.ShardOf(eventId);
        await using var blocker = new NpgsqlConnection(shard);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT version FROM events WHERE id = @e FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("e", eventId);
            await lockRow.ExecuteScalarAsync();
        }

        var booking = user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-2", "A-1-3" } });
        var database = new NpgsqlConnectionStringBuilder(shard).Database!;
        Assert.True(await Poll.UntilAsync(
            async () => await TestPostgres.ScalarAsync<long>(shard,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = @d AND wait_event_type = 'Lock'", ("d", database)) > 0,
            TimeSpan.FromSeconds(30)), "the booking's commit never waited on the lock");

        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "saaa" }, await anonymous.SeatMapAsync(eventId));

        // The other transaction moves the event on: the waiting batch finds its version gone and fails, nothing written.
        await using (var bump = new NpgsqlCommand("UPDATE events SET version = version + 1 WHERE id = @e", blocker, transaction))
        {
            bump.Parameters.AddWithValue("e", eventId);
            Assert.Equal(1, await bump.ExecuteNonQueryAsync());
        }

        await transaction.CommitAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await booking).StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "saaa" }, await anonymous.SeatMapAsync(eventId));
        Assert.Equal(0, await TestPostgres.ScalarAsync<long>(shard, "SELECT count(*) FROM booking_seats WHERE event_id = @e AND seat > 0", ("e", eventId)));

        // A fresh activation sells the same seats.
        Assert.Equal(HttpStatusCode.Created, (await user.BookSeatsAsync(eventId, new { seats = new[] { "A-1-2", "A-1-3" } })).StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["A-1"] = "sssa" }, await anonymous.SeatMapAsync(eventId));
        await app.AssertSeatInvariantsAsync(admin);
    }
}
