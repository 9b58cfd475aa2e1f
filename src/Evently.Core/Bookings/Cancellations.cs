using Evently.Core.Batches;
using Evently.Core.Machine;
using Evently.Domain.Bookings;
using Evently.Domain.Events;

namespace Evently.Core.Bookings;

/// <summary>
/// What this activation knows was cancelled since the store last told it: bookings whose cancellation it committed
/// lately, and the event itself. A booking read from the store may predate them, so every booking a part answers with
/// passes through <see cref="AsItStands"/>. A cancelled booking leaves memory once no store read under way may miss it
/// (see <see cref="SettledMemory"/>).
/// </summary>
internal sealed class Cancellations(EventState state)
{
    private readonly Dictionary<Guid, Booking> _cancelled = [];
    private Task<CommitFate>? _eventCancellation;

    /// <summary>Cancelled bookings held in memory.</summary>
    public int Count => _cancelled.Count;

    /// <summary>When the event was cancelled here (its bookings are cancelled as of then).</summary>
    public DateTimeOffset EventCancelledAt { get; private set; }

    /// <summary>A booking whose cancellation this instance committed and still remembers.</summary>
    public bool TryGet(Guid bookingId, out Booking cancelled) => _cancelled.TryGetValue(bookingId, out cancelled!);

    /// <summary>The event's cancellation was decided at <paramref name="at"/>; <paramref name="fate"/> is its batch's.</summary>
    public void EventCancelled(DateTimeOffset at, Task<CommitFate> fate)
    {
        EventCancelledAt = at;
        _eventCancellation = fate;
    }

    /// <summary>The fate of the event's cancellation: committed once the committed event says so.</summary>
    public Task<CommitFate> EventCancellationFateAsync() =>
        state.Committed!.Status == EventStatus.Cancelled || _eventCancellation is null
            ? Task.FromResult(CommitFate.Committed)
            : _eventCancellation;

    /// <summary>A booking this instance knows as committed, with the cancellations committed since.</summary>
    public Booking AsItStands(Booking booking) =>
        _cancelled.TryGetValue(booking.Id, out var cancelled) ? cancelled
        : state.Committed!.Status == EventStatus.Cancelled ? booking.CancelledOn(EventCancelledAt)
        : booking;

    /// <summary>A booking as the store holds it, with what memory knows happened since the read began; null when there is none.</summary>
    public async Task<Booking?> StoredBookingAsync(Guid bookingId)
    {
        Booking? booking;
        var from = state.Settled.Begin();
        try
        {
            booking = await state.Store.FindBookingAsync(bookingId);
        }
        finally
        {
            state.Settled.End(from);
        }

        // Still the turn the read came back in: a cancellation committed after it began is still in memory.
        return booking is null ? null : AsItStands(booking);
    }

    /// <summary>A batch is durable: the cancellations in it are remembered as committed.</summary>
    public void Committed(EventBatch batch)
    {
        foreach (var cancelled in batch.Cancellations)
        {
            _cancelled[cancelled.Id] = cancelled;
        }
    }

    /// <summary>No read under way may miss this cancellation any more: it leaves memory.</summary>
    public void Forget(Guid bookingId) => _cancelled.Remove(bookingId);
}
