using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Domain.Bookings;
using Evently.Domain.Holds;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// One activation of the event in <see cref="RoomEventSimulation"/>: a core over the shared <see cref="SimStore"/>, each
/// call an I/O the schedule completes (or fails) when it likes, and what this activation was told of the waiting room's
/// admissions (<see cref="Knows"/>, kept exactly as the core keeps them). Its reminder is always registered at once: the
/// expiry's own faults are the event simulation's subject, not this one's.
/// </summary>
internal sealed class RoomEventActivation : IEventStore, IExpiryPort
{
    private readonly RoomEventSimulation _sim;

    public RoomEventActivation(RoomEventSimulation sim, int number)
    {
        _sim = sim;
        Number = number;
        Core = new EventCore(RoomEventSimulation.EventId, this, this, sim.Clock,
            new EventCoreOptions { MaxPending = 50, MaxKeys = 2, KeyWindow = TimeSpan.FromMinutes(2) }, null, new SimIds(sim.Random));
    }

    public EventCore Core { get; }

    public int Number { get; }

    /// <summary>The activation's process is gone: it starts no I/O and nobody hears its answers.</summary>
    public bool Dead { get; set; }

    /// <summary>The activation's start: the core's load, then the admissions pulled from the waiting room.</summary>
    public Task? Ready { get; set; }

    /// <summary>Admissions this activation was told: user → valid until (a later one replaces an earlier one, as in the core).</summary>
    public Dictionary<Guid, DateTimeOffset> Knows { get; } = [];

    public DateTimeOffset? TimerDue { get; private set; }

    /// <summary>True when this activation would let <paramref name="user"/> in at <paramref name="now"/>.</summary>
    public bool Admits(Guid user, DateTimeOffset now) => Knows.TryGetValue(user, out var until) && now < until;

    /// <summary>Tells the core of admissions, and remembers what it was told.</summary>
    public void Admit(IReadOnlyList<(Guid UserId, DateTimeOffset Until)> admissions)
    {
        foreach (var (user, until) in admissions.Where(a => a.Until > _sim.Clock.Now))
        {
            Knows[user] = until;
        }

        Core.Admit(admissions);
    }

    public void ClearTimer() => TimerDue = null;

    public Task<StoredEvent?> LoadAsync(Guid eventId, CancellationToken cancellationToken = default) =>
        _sim.Io<StoredEvent?>(this, "event load", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.05))
            {
                tcs.SetException(new IOException("load failed"));
            }
            else
            {
                tcs.SetResult(_sim.Store.Load());
            }
        });

    public Task CreateAsync(EventRecord record, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The simulation creates its event directly in the store.");

    public Task<long> CommitAsync(EventBatch batch, long expectedVersion, CancellationToken cancellationToken = default) =>
        _sim.Io<long>(this, $"event commit at v{expectedVersion} [{batch.Bookings.Count} booked, {batch.Cancellations.Count} cancelled, "
            + $"{batch.WaitlistRows.Count} waitlist rows, {batch.Promotions.Count} promotions, {batch.Holds.Count} holds]", (tcs, random) =>
        {
            var roll = random.NextDouble();
            if (roll < _sim.Fault(0.04))
            {
                tcs.SetException(new EventStoreException(StoreFailure.NotCommitted, "failed before commit"));
                return;
            }

            try
            {
                var version = _sim.Commit(batch, expectedVersion);
                if (roll < _sim.Fault(0.08))
                {
                    tcs.SetException(new EventStoreException(StoreFailure.Unknown, "committed, acknowledgement lost"));
                    return;
                }

                tcs.SetResult(version);
            }
            catch (EventStoreException ex)
            {
                tcs.SetException(ex);
            }
        });

    public Task<Booking?> FindBookingAsync(Guid bookingId, CancellationToken cancellationToken = default) =>
        Read("read booking", random => _sim.Store.BookingAsOf(bookingId, _sim.Store.Event.Version, random));

    public Task<Booking?> FindBookingByRefAsync(Guid eventId, string bookingRef, CancellationToken cancellationToken = default) =>
        Read("read booking by ref", random => _sim.Store.BookingByRefAsOf(eventId, bookingRef, _sim.Store.Event.Version, random));

    public Task<IReadOnlyList<Booking>> FindKeyedBookingsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<Booking>>("look up keys", random => _sim.Store.KeyedAsOf(keys, _sim.Store.Event.Version, random));

    public Task<Hold?> FindHoldAsync(Guid holdId, CancellationToken cancellationToken = default) =>
        Read("read hold", random => _sim.Store.HoldAsOf(holdId, _sim.Store.Event.Version, random));

    public Task<IReadOnlyList<Hold>> FindKeyedHoldsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<Hold>>("look up hold keys", random => _sim.Store.KeyedHoldsAsOf(keys, _sim.Store.Event.Version, random));

    public void ArmTimer(TimeSpan? dueIn)
    {
        if (!Dead)
        {
            TimerDue = dueIn is { } due ? _sim.Clock.Now + due : null;
        }
    }

    public Task RegisterReminderAsync(TimeSpan dueIn, TimeSpan period) => Task.CompletedTask;

    public Task UnregisterReminderAsync() => Task.CompletedTask;

    private Task<T> Read<T>(string what, Func<Random, T> read) =>
        _sim.Io<T>(this, what, (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.03))
            {
                tcs.SetException(new IOException("read failed"));
            }
            else
            {
                tcs.SetResult(read(random));
            }
        });
}
