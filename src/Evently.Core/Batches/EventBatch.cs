using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Batches;

/// <summary>
/// Everything decided since the previous commit started: the store writes it as one transaction, and every request
/// in it is answered by the batch's <see cref="CommitFate"/>.
/// </summary>
public sealed class EventBatch : Commit.CommitBatch
{
    /// <summary>The event's fields as they will stand after this batch.</summary>
    public EventRecord Event { get; internal set; } = null!;

    /// <summary>Bookings to insert as confirmed.</summary>
    public List<Booking> Bookings { get; } = [];

    /// <summary>Bookings to cancel, as they will stand (with their <c>CancelledAt</c>): each must flip exactly one confirmed row.</summary>
    public List<Booking> Cancellations { get; } = [];

    /// <summary>Bookings checked in: each must set the check-in time of exactly one confirmed row that had none.</summary>
    public List<CheckInWrite> CheckIns { get; } = [];

    /// <summary>Set when this batch cancels the event.</summary>
    public EventCancellation? EventCancellation { get; internal set; }

    /// <summary><c>pricing_history</c> rows.</summary>
    public List<PriceChange> PriceChanges { get; } = [];

    /// <summary>Waitlist rows as they stand after this batch.</summary>
    public List<WaitlistWrite> WaitlistRows { get; } = [];

    /// <summary>Promotions created or resolved by this batch.</summary>
    public List<PromotionWrite> Promotions { get; } = [];

    /// <summary>Checkout holds created or resolved by this batch.</summary>
    public List<HoldWrite> Holds { get; } = [];

    /// <summary>Seats taken and given back, by owner (seated events only); a plan set by this batch is in <see cref="SeatingPlan"/>.</summary>
    public List<SeatWrite> Seats { get; } = [];

    /// <summary>Set when this batch sets the event's seating plan.</summary>
    public Domain.Seating.SeatingPlan? SeatingPlan { get; internal set; }

    /// <summary>Outbox rows.</summary>
    public List<OutboxMessage> Notifications { get; } = [];

    internal List<WaitlistChange> WaitlistChanges { get; } = [];

    internal int Edits { get; set; }

    internal DateTimeOffset? NextExpiryAfter { get; set; }

    internal int WaitlistLengthAfter { get; set; }
}
