using Evently.Core.Batches;
using Evently.Domain.Bookings;

namespace Evently.Core;

/// <summary>
/// Memory stays bounded whatever the number of holds and cancellations in an activation's life. A cancelled booking and
/// a settled hold are final: once their batch is committed they leave memory (as soon as no store read under way may
/// miss them, see <see cref="SettledMemory"/>), and a later replay, confirm, release or cancel reads them from the store,
/// as the booking read path does. A key memory's answer that tells such a record is restated as it now stands.
/// </summary>
public sealed partial class EventCore
{
    private SettledMemory? _settledMemory;

    private SettledMemory Settled => _settledMemory ??= new(() => _commits.Version);

    /// <summary>Holds (active and settled) and cancelled bookings held in memory: the active holds plus a few settled ones.</summary>
    public int RememberedRecords => _holds.Count + _cancelled.Count;

    /// <summary>A batch is durable: what it settled for good is restated for replays and leaves memory when no read may miss it.</summary>
    private void SettledCommitted(EventBatch batch)
    {
        var version = _commits.Version;
        foreach (var cancelled in batch.Cancellations)
        {
            Settled.Settled(version, cancelled.Id, isHold: false);
            if (cancelled.IdempotencyKey is { } key)
            {
                _keys.Restate(cancelled.UserId, key, answer => answer.Booking?.Id == cancelled.Id ? answer with { Booking = cancelled } : answer);
            }
        }

        foreach (var write in batch.Holds)
        {
            if (write.Hold is not { IsActive: false } hold)
            {
                continue;
            }

            Settled.Settled(version, hold.Id, isHold: true);
            if (hold.IdempotencyKey is { } key)
            {
                _holdKeys?.Restate(hold.UserId, key, answer => answer.Hold?.Id == hold.Id ? answer with { Hold = hold } : answer);
            }
        }

        Settled.Forget(OldestOf(_keys.OldestLookup, _holdKeys?.OldestLookup), Forget);
    }

    /// <summary>A booking as the store holds it, with what memory knows happened since the read began; null when there is none.</summary>
    private async Task<Booking?> StoredBookingAsync(Guid bookingId)
    {
        Booking? booking;
        var from = Settled.Begin();
        try
        {
            booking = await _store.FindBookingAsync(bookingId);
        }
        finally
        {
            Settled.End(from);
        }

        // Still the turn the read came back in: a cancellation committed after it began is still in memory.
        return booking is null ? null : AsItStands(booking);
    }

    private void Forget(Guid id, bool isHold)
    {
        if (!isHold)
        {
            _cancelled.Remove(id);
            return;
        }

        _holds.Forget(id);
    }

    private static long? OldestOf(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
