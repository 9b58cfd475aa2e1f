using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Domain.Bookings;
using Evently.Domain.Holds;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// One activation of the event: a core with its own view of the store and of timers. A crashed activation is
/// <see cref="Dead"/>: its timers stop, it can start no new I/O, and whatever it answers never reaches a client.
/// </summary>
internal sealed class SimActivation : IEventStore, IExpiryPort
{
    private readonly Simulation _sim;

    public SimActivation(Simulation sim, int number)
    {
        _sim = sim;
        Number = number;
        Core = new EventCore(Simulation.EventId, this, this, sim.Clock, new EventCoreOptions { MaxPending = 50, MaxKeys = 2, KeyWindow = TimeSpan.FromMinutes(2) }, null, new SimIds(sim.Random));
    }

    public EventCore Core { get; }

    public int Number { get; }

    public bool Dead { get; set; }

    public Task? Activation { get; set; }

    public DateTimeOffset? TimerDue { get; private set; }

    public void ClearTimer() => TimerDue = null;

    public Task<StoredEvent?> LoadAsync(Guid eventId, CancellationToken cancellationToken = default) =>
        _sim.Io<StoredEvent?>(this, "load", (tcs, random) =>
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
        _sim.Io<long>(this, $"commit at v{expectedVersion} [{batch.Bookings.Count} booked, {batch.Cancellations.Count} cancelled, {batch.CheckIns.Count} checked in, "
            + $"promotions {string.Join(" ", batch.Promotions.Select(p => $"{p.Id.ToString()[..4]}:{p.Status}{(p.IsNew ? "+" : "")}"))}"
            + $"{(batch.EventCancellation is null ? "" : ", event cancelled")}, holds {string.Join(" ", batch.Holds.Select(h => $"{h.Hold.Id.ToString()[..4]}:{h.Hold.Status}{(h.IsNew ? "+" : "")}"))}]", (tcs, random) =>
        {
            var roll = random.NextDouble();
            if (roll < _sim.Fault(0.04))
            {
                tcs.SetException(new EventStoreException(StoreFailure.NotCommitted, "failed before commit"));
                return;
            }

            try
            {
                if (roll < _sim.Fault(0.08))
                {
                    // The connection dropped with the COMMIT in flight and the server never got it.
                    tcs.SetException(new EventStoreException(StoreFailure.Unknown, "connection lost, commit not applied"));
                    return;
                }

                var version = _sim.Store.Apply(batch, expectedVersion);
                _sim.Wrote(version, this);
                if (roll < _sim.Fault(0.12))
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

    public Task<Booking?> FindBookingAsync(Guid bookingId, CancellationToken cancellationToken = default)
    {
        var from = _sim.Store.Event.Version;
        return _sim.Io<Booking?>(this, "read booking", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.03))
            {
                tcs.SetException(new IOException("read failed"));
            }
            else
            {
                tcs.SetResult(_sim.Store.BookingAsOf(bookingId, from, random));
            }
        });
    }

    public Task<Booking?> FindBookingByRefAsync(Guid eventId, string bookingRef, CancellationToken cancellationToken = default)
    {
        var from = _sim.Store.Event.Version;
        return _sim.Io<Booking?>(this, $"read booking {bookingRef}", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.03))
            {
                tcs.SetException(new IOException("read failed"));
            }
            else
            {
                tcs.SetResult(_sim.Store.BookingByRefAsOf(eventId, bookingRef, from, random));
            }
        });
    }

    public Task<IReadOnlyList<Booking>> FindKeyedBookingsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default)
    {
        var from = _sim.Store.Event.Version;
        return _sim.Io<IReadOnlyList<Booking>>(this, $"look up {keys.Count} keys", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.03))
            {
                tcs.SetException(new IOException("lookup failed"));
            }
            else
            {
                tcs.SetResult(_sim.Store.KeyedAsOf(keys, from, random));
            }
        });
    }

    public Task<Hold?> FindHoldAsync(Guid holdId, CancellationToken cancellationToken = default)
    {
        var from = _sim.Store.Event.Version;
        return _sim.Io<Hold?>(this, "read hold", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.03))
            {
                tcs.SetException(new IOException("read failed"));
            }
            else
            {
                tcs.SetResult(_sim.Store.HoldAsOf(holdId, from, random));
            }
        });
    }

    public Task<IReadOnlyList<Hold>> FindKeyedHoldsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default)
    {
        var from = _sim.Store.Event.Version;
        return _sim.Io<IReadOnlyList<Hold>>(this, $"look up {keys.Count} hold keys", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.03))
            {
                tcs.SetException(new IOException("lookup failed"));
            }
            else
            {
                tcs.SetResult(_sim.Store.KeyedHoldsAsOf(keys, from, random));
            }
        });
    }

    public void ArmTimer(TimeSpan? dueIn)
    {
        if (!Dead)
        {
            _sim.Note($"activation {Number} arms its timer for {dueIn}");
            TimerDue = dueIn is { } due ? _sim.Clock.Now + due : null;
        }
    }

    public Task RegisterReminderAsync(TimeSpan dueIn, TimeSpan period)
    {
        // Orleans' reminder service takes its start time from its clock when it handles the call, then writes the row.
        var at = _sim.Clock.Now + dueIn;
        return _sim.Note($"activation {Number} asks to register the reminder in {dueIn}") ?? _sim.Io<bool>(this, "register reminder", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.1))
            {
                tcs.SetException(new IOException("reminder table unreachable"));
            }
            else
            {
                _sim.ReminderDue = at;
                _sim.ReminderEtag++;
                tcs.SetResult(true);
            }
        });
    }

    public Task UnregisterReminderAsync()
    {
        // Orleans removes a reminder by the ETag it read: a registration made since makes the removal a no-op.
        var etag = _sim.ReminderEtag;
        _sim.Note($"activation {Number} asks to remove the reminder");
        return _sim.Io<bool>(this, "unregister reminder", (tcs, random) =>
        {
            if (random.NextDouble() < _sim.Fault(0.1))
            {
                tcs.SetException(new IOException("reminder table unreachable"));
            }
            else
            {
                if (etag == _sim.ReminderEtag)
                {
                    _sim.ReminderDue = null;
                    tcs.SetResult(true);
                }
                else
                {
                    // As Orleans' reminder service does: the reminder changed since it was read.
                    tcs.SetException(new IOException("reminder ETag mismatch"));
                }
            }
        });
    }
}
