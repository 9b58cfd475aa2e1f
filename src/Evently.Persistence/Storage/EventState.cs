using Evently.Contracts.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Persistence.Storage;

/// <summary>
/// The event grain's persisted state: the events row to write, plus the rows the batch being committed
/// adds or changes. <see cref="EventGrainStorage"/> writes all of it in one transaction and then clears
/// the batch lists, so a write never repeats a batch.
/// </summary>
public sealed class EventState
{
    /// <summary>The event's row; null until the event is created.</summary>
    public EventRow? Event { get; set; }

    /// <summary>Bookings confirmed in this batch, to insert.</summary>
    public List<BookingView> NewBookings { get; } = [];

    /// <summary>Bookings cancelled in this batch.</summary>
    public List<Guid> CancelledBookings { get; } = [];

    /// <summary>True when this batch cancels the event and with it every confirmed booking.</summary>
    public bool CancelAllBookings { get; set; }

    /// <summary>Price changes in this batch, to record in <c>pricing_history</c>.</summary>
    public List<PriceChange> PriceChanges { get; } = [];

    /// <summary>Waitlist rows changed in this batch.</summary>
    public List<WaitlistWrite> WaitlistRows { get; } = [];

    /// <summary>Promotion rows created or resolved in this batch.</summary>
    public List<PromotionWrite> Promotions { get; } = [];

    /// <summary>Notifications caused by this batch.</summary>
    public List<OutboxMessage> Notifications { get; } = [];

    /// <summary>The waitlist as read at activation (entries of every status, with active promotions).</summary>
    public List<WaitlistEntry> LoadedWaitlist { get; } = [];

    /// <summary>Empties the batch lists after a commit or a failure.</summary>
    public void ClearBatch()
    {
        NewBookings.Clear();
        CancelledBookings.Clear();
        CancelAllBookings = false;
        PriceChanges.Clear();
        WaitlistRows.Clear();
        Promotions.Clear();
        Notifications.Clear();
    }
}
