using System.Net;
using Evently.Api.Bookings;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Options;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evently.IntegrationTests.Bookings;

/// <summary>
/// A cancel reads the booking's row once (in the event grain): the front end knows the event and owner of the bookings it
/// answered for, and reads only the ones it does not know.
/// </summary>
public sealed class BookingDirectoryTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_remembered_booking_is_found_without_the_database_and_an_unknown_one_is_read_from_its_shard()
    {
        // Nothing listens on port 1: any read fails.
        await using var unreachable = new ShardDataSources(new DatabaseOptions
        {
            Directory = "Host=127.0.0.1;Port=1;Database=d", Shards = ["Host=127.0.0.1;Port=1;Database=s0"], ConnectionTimeoutSeconds = 1,
        });
        using var directory = new BookingDirectory(new BookingReads(unreachable, new ShardAggregator(unreachable)));
        var (booking, eventId, userId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        directory.Remember(booking, eventId, userId);

        Assert.Equal(new BookingOwner(eventId, userId), await directory.FindAsync(booking, CancellationToken.None));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => directory.FindAsync(Guid.CreateVersion7(), CancellationToken.None));
    }

    [Fact]
    public async Task Bookings_this_front_end_made_are_cancelled_by_their_owner_only_and_unknown_ones_still_answer()
    {
        var directory = App.Services.GetRequiredService<BookingDirectory>();
        var eventId = await App.CreateEventAsync(fixture.Admin, capacity: 5);
        using var ownerClient = await App.UserClientAsync();
        using var strangerClient = await App.UserClientAsync();
        var id = (await (await ownerClient.BookAsync(eventId, 2)).JsonAsync()).GetProperty("id").GetGuid();
        Assert.True(directory.Knows(id));
        using (var another = new BookingDirectory(App.Services.GetRequiredService<BookingReads>()))
        {
            // Another front end, which did not answer for it, reads the row from the booking's shard.
            Assert.False(another.Knows(id));
            Assert.Equal(eventId, (await another.FindAsync(id, CancellationToken.None))?.EventId);
            Assert.True(another.Knows(id));
        }

        var byStranger = await strangerClient.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null);
        var missing = await ownerClient.PostAsync(new Uri($"/api/v1/bookings/{Guid.CreateVersion7()}/cancel", UriKind.Relative), null);
        var byOwner = await ownerClient.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal("booking_not_found", await byStranger.CodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("booking_not_found", await missing.CodeAsync());
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal("cancelled", (await byOwner.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(0, await App.SoldAsync(eventId));
        await App.AssertInvariantsAsync();
    }

    [Fact]
    public async Task A_cancel_while_the_bookings_shard_is_unreachable_answers_503_changes_nothing_and_works_once_it_is_back()
    {
        await using var app = await EventlyApp.StartAsync();
        var admin = await app.AdminTokenAsync();
        var eventId = await app.CreateEventAsync(admin, capacity: 5);
        using var client = await app.UserClientAsync();
        var id = (await (await client.BookAsync(eventId, 2)).JsonAsync()).GetProperty("id").GetGuid();
        var database = new NpgsqlConnectionStringBuilder(app.Shards[app.Services.GetRequiredService<ShardDataSources>().Map.ShardOfId(id)]).Database!;
        var server = (await TestPostgres.GetAsync()).ConnectionString("postgres");

        // The front end knows the booking, so the grain's read of its row is the one that meets the outage.
        await TestPostgres.ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        HttpResponseMessage during;
        try
        {
            during = await client.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null);
        }
        finally
        {
            await TestPostgres.ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("unavailable", await during.CodeAsync());
        Assert.Equal(2, await app.SoldAsync(eventId));
        var after = await client.PostAsync(new Uri($"/api/v1/bookings/{id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(0, await app.SoldAsync(eventId));
        await app.AssertInvariantsAsync();
    }
}
