using Evently.Core.Ports;
using Evently.Core.Queues;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.SaleDay;

/// <summary>The waiting room's writer guard on PostgreSQL: a write at a version another writer moved stores nothing.</summary>
public sealed class QueueStoreVersionTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task A_write_at_a_stale_version_fails_as_a_conflict_and_of_two_racing_writers_exactly_one_lands()
    {
        // Nobody joins this room: only the test writes it.
        var created = await App.CreateSaleAsync(fixture.Admin, new { salesStartAt = DateTimeOffset.UtcNow.AddHours(2), waitingRoom = new { admitPerMinute = 60, opensMinutesBefore = 30 } });
        var eventId = created.GetProperty("id").GetGuid();
        var store = App.Services.GetRequiredService<IQueueStore>();
        var now = DateTimeOffset.UtcNow;
        QueueEntry Entry(long seq) => new(Guid.CreateVersion7(), seq, now, null, QueueEntry.Waiting, null, null, null);

        var loaded = await store.LoadAsync(eventId);
        Assert.Equal(0, loaded.Version);
        Assert.Empty(loaded.Entries);

        var first = Entry(0);
        Assert.Equal(1, await store.SaveAsync(eventId, 0, [first], []));

        // A second activation that loaded before that write: its write is refused, and nothing of it is stored.
        var stale = await Assert.ThrowsAsync<EventStoreException>(() => store.SaveAsync(eventId, 0, [Entry(1)], []));
        Assert.Equal(StoreFailure.Conflict, stale.Failure);
        var after = await store.LoadAsync(eventId);
        Assert.Equal(1, after.Version);
        Assert.Equal([first.UserId], after.Entries.Select(e => e.UserId));

        // Two writers at the same version at once: one lands, the other is a conflict.
        var (a, b) = (Entry(1), Entry(2));
        var race = new[] { store.SaveAsync(eventId, 1, [a], []), store.SaveAsync(eventId, 1, [b], []) };
        await Task.WhenAll(race.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.Equal(1, race.Count(t => t.IsCompletedSuccessfully && t.Result == 2));
        Assert.Equal(1, race.Count(t => t.IsFaulted && t.Exception!.InnerException is EventStoreException { Failure: StoreFailure.Conflict }));
        var raced = await store.LoadAsync(eventId);
        Assert.Equal(2, raced.Version);
        Assert.Equal(2, raced.Entries.Count);
    }
}
