using Evently.Domain.Sales;
using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;

namespace Evently.Core.Tests.Core;

/// <summary>A store for single-scenario tests: holds one event and answers each commit as scripted.</summary>
internal sealed class ScriptedStore : IEventStore, IExpiryPort
{
    public static readonly Guid EventId = new("0190a3c4-0000-7000-8000-0000000000aa");

    private static readonly DateTimeOffset EventDate = DateTimeOffset.UtcNow.AddDays(30);

    public EventRecord Event { get; private set; } = new(EventId, Guid.Empty, "Launch", "", "Hall", EventDate,
        SeatLedger.ForCapacity(10), 10m, 10m, "fixed", EventStatus.Published, 15, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        SaleSettings.Default(DateTimeOffset.UnixEpoch, EventDate));

    /// <summary>Changes the stored event before the core loads it.</summary>
    public void Configure(Func<EventRecord, EventRecord> change) => Event = change(Event);

    /// <summary>What the next commit does: null commits; otherwise it throws this.</summary>
    public Exception? NextCommitFails { get; set; }

    /// <summary>When set, the next commit waits for it before doing what it does: its batch stays in flight until the test lets go.</summary>
    public TaskCompletionSource? NextCommitWaits { get; set; }

    /// <summary>Commits that have reached the store and wait on <see cref="NextCommitWaits"/>.</summary>
    public int Waiting { get; private set; }

    public List<EventBatch> Committed { get; } = [];

    public Task<StoredEvent?> LoadAsync(Guid eventId, CancellationToken cancellationToken = default) =>
        Task.FromResult<StoredEvent?>(new StoredEvent(Event, []));

    public Task CreateAsync(EventRecord record, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<long> CommitAsync(EventBatch batch, long expectedVersion, CancellationToken cancellationToken = default)
    {
        if (NextCommitWaits is { } gate)
        {
            NextCommitWaits = null;
            return CommitLaterAsync(gate.Task, batch, expectedVersion);
        }

        return CommitNow(batch, expectedVersion);
    }

    private async Task<long> CommitLaterAsync(Task gate, EventBatch batch, long expectedVersion)
    {
        Waiting++;
        try
        {
            await gate;
        }
        finally
        {
            Waiting--;
        }

        return await CommitNow(batch, expectedVersion);
    }

    private Task<long> CommitNow(EventBatch batch, long expectedVersion)
    {
        if (NextCommitFails is { } failure)
        {
            NextCommitFails = null;
            return Task.FromException<long>(failure);
        }

        Committed.Add(batch);
        Event = batch.Event with { Version = expectedVersion + 1 };
        return Task.FromResult(expectedVersion + 1);
    }

    public Task<Booking?> FindBookingAsync(Guid bookingId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Committed.SelectMany(b => b.Bookings).FirstOrDefault(b => b.Id == bookingId));

    public Task<IReadOnlyList<Booking>> FindKeyedBookingsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Booking>>(Committed.SelectMany(b => b.Bookings)
            .Where(b => b.IdempotencyKey is { } key && keys.Contains((b.UserId, key))).ToList());

    public Task<IReadOnlyList<Hold>> FindKeyedHoldsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Hold>>(Committed.SelectMany(b => b.Holds).Select(w => w.Hold)
            .Where(h => h.IdempotencyKey is { } key && keys.Contains((h.UserId, key))).DistinctBy(h => h.Id).ToList());

    public void ArmTimer(TimeSpan? dueIn)
    {
    }

    public Task RegisterReminderAsync(TimeSpan dueIn, TimeSpan period) => Task.CompletedTask;

    public Task UnregisterReminderAsync() => Task.CompletedTask;
}
