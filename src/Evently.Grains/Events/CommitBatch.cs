using Evently.Contracts.Bookings;
using Evently.Domain.Waitlists;
using Evently.Persistence.Storage;

namespace Evently.Grains.Events;

/// <summary>Everything decided since the last commit started: written together, answered together.</summary>
internal sealed class CommitBatch
{
    public List<BookingView> Bookings { get; } = [];

    public List<Guid> Cancellations { get; } = [];

    public bool CancelEvent { get; set; }

    public List<PriceChange> PriceChanges { get; } = [];

    public List<WaitlistChange> WaitlistChanges { get; } = [];

    public List<OutboxMessage> Notifications { get; } = [];

    /// <summary>Requests waiting on this batch (bookings, cancellations, edits).</summary>
    public int Requests { get; set; }

    /// <summary>True once committed, false if the commit failed.</summary>
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
