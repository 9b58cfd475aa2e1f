using Evently.Domain.Sales;
using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;

namespace Evently.Core.Tests.Core;

/// <summary>
/// A store for single-scenario tests: holds one event and answers each commit as scripted. Bookings and holds are read
/// back as last committed (a cancellation or a settled hold shows), as the real store reads them.
/// </summary>
internal sealed class ScriptedStore : IEventStore, IExpiryPort
{
    private readonly Dictionary<Guid, Booking> _bookings = [];
    private readonly Dictionary<Guid, Hold> _holds = [];
    private readonly Dictionary<(Guid UserId, string Key), Booking> _keyedBookings = [];
    private readonly Dictionary<(Guid UserId, string Key), Hold> _keyedHolds = [];

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

    /// <summary>False for long runs: committed batches are applied but not kept in <see cref="Committed"/>.</summary>
    public bool KeepBatches { get; set; } = true;

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

        // The version guard: an activation that is behind (a twin committed since it loaded) commits nothing.
        if (expectedVersion != Event.Version)
        {
            return Task.FromException<long>(new EventStoreException(StoreFailure.Conflict, $"the event is at version {Event.Version}, not {expectedVersion}"));
        }

        // PostgreSQL's text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"): the whole transaction fails.
        if (HoldsNul(batch))
        {
            return Task.FromException<long>(new EventStoreException(StoreFailure.NotCommitted, "invalid byte sequence for encoding \"UTF8\": 0x00"));
        }

        // The guards of the check-in and cancellation statements: each must find a confirmed row not checked in.
        if (batch.CheckIns.Any(c => _bookings.GetValueOrDefault(c.BookingId) is not { Status: BookingStatus.Confirmed, CheckedInAt: null })
            || batch.Cancellations.Any(c => _bookings.GetValueOrDefault(c.Id) is { CheckedInAt: not null }))
        {
            return Task.FromException<long>(new EventStoreException(StoreFailure.Conflict, "a check-in or cancellation found no confirmed booking to change"));
        }

        if (KeepBatches)
        {
            Committed.Add(batch);
        }

        foreach (var booking in batch.Bookings.Concat(batch.Cancellations))
        {
            _bookings[booking.Id] = booking;
            if (booking.IdempotencyKey is { } key)
            {
                _keyedBookings[(booking.UserId, key)] = booking;
            }
        }

        foreach (var checkIn in batch.CheckIns)
        {
            _bookings[checkIn.BookingId] = _bookings[checkIn.BookingId] with { CheckedInAt = checkIn.At };
        }

        foreach (var write in batch.Holds)
        {
            _holds[write.Hold.Id] = write.Hold;
            if (write.Hold.IdempotencyKey is { } key)
            {
                _keyedHolds[(write.Hold.UserId, key)] = write.Hold;
            }
        }

        Event = batch.Event with { Version = expectedVersion + 1 };
        return Task.FromResult(expectedVersion + 1);
    }

    private static bool HoldsNul(EventBatch batch) =>
        new[] { batch.Event.Name, batch.Event.Description, batch.Event.Venue }
            .Concat(batch.WaitlistRows.Select(w => w.Entry.WebhookUrl))
            .Concat(batch.Bookings.Select(b => b.IdempotencyKey))
            .Concat(batch.Holds.Select(h => h.Hold.IdempotencyKey))
            .Concat(batch.PriceChanges.Select(p => p.Reason))
            .Any(text => text?.Contains('\0', StringComparison.Ordinal) == true);

    public Task<Booking?> FindBookingAsync(Guid bookingId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_bookings.GetValueOrDefault(bookingId));

    public Task<Booking?> FindBookingByRefAsync(Guid eventId, string bookingRef, CancellationToken cancellationToken = default) =>
        Task.FromResult(_bookings.Values.FirstOrDefault(b => b.EventId == eventId && b.BookingRef == bookingRef));

    public Task<Hold?> FindHoldAsync(Guid holdId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_holds.GetValueOrDefault(holdId));

    public Task<IReadOnlyList<Booking>> FindKeyedBookingsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Booking>>(keys.Select(k => _keyedBookings.GetValueOrDefault(k)).OfType<Booking>().ToList());

    public Task<IReadOnlyList<Hold>> FindKeyedHoldsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Hold>>(keys.Select(k => _keyedHolds.GetValueOrDefault(k)).OfType<Hold>().ToList());

    public void ArmTimer(TimeSpan? dueIn)
    {
    }

    /// <summary>The due time of every reminder registration, in order.</summary>
    public List<TimeSpan> ReminderDues { get; } = [];

    public Task RegisterReminderAsync(TimeSpan dueIn, TimeSpan period)
    {
        ReminderDues.Add(dueIn);
        return Task.CompletedTask;
    }

    public Task UnregisterReminderAsync() => Task.CompletedTask;
}
