using Evently.Core.Batches;
using Evently.Domain.Bookings;
using Evently.Domain.Holds;

namespace Evently.Core.Holds;

/// <summary>
/// The checkout holds one event's core knows: every active hold (all are loaded) and those settled lately, as last
/// decided; the same holds as committed (what reads and replays show); the active ones in deadline order with the seats
/// each user holds in them; and the bookings made by confirming holds. A settled hold leaves once committed and no
/// store read may miss it (the core says when, see <see cref="SettledMemory"/>). It decides nothing: the core does, in
/// one turn, and tells it.
/// </summary>
internal sealed class HoldBook
{
    // Every active hold and those settled lately, as last decided.
    private readonly Dictionary<Guid, Hold> _decided = [];

    // The same holds as committed.
    private readonly Dictionary<Guid, Hold> _committed = [];

    // The active ones in deadline order, and the seats each user holds in them.
    private readonly SortedSet<Hold> _deadlines = new(HoldDeadlineOrder.Instance);
    private readonly Dictionary<Guid, int> _heldByUser = [];

    // Bookings made by confirming holds, by hold id.
    private readonly Dictionary<Guid, Booking> _bookings = [];

    /// <summary>Records held: holds as decided and as committed, and bookings made from holds.</summary>
    public int Count => _decided.Count + _committed.Count + _bookings.Count;

    /// <summary>The earliest deadline of an active hold, or null when none is active.</summary>
    public DateTimeOffset? NextDeadline => _deadlines.Count == 0 ? null : _deadlines.Min!.ExpiresAt;

    /// <summary>The hold as last decided; throws when it is not known.</summary>
    public Hold this[Guid holdId] => _decided[holdId];

    /// <summary>The active hold with the earliest deadline, when that deadline has passed by <paramref name="now"/>.</summary>
    public Hold? FirstDue(DateTimeOffset now) => _deadlines.Count > 0 && _deadlines.Min!.IsDue(now) ? _deadlines.Min : null;

    /// <summary>A copy of the active holds, in deadline order.</summary>
    public List<Hold> Active() => _deadlines.ToList();

    /// <summary>Seats <paramref name="userId"/> holds in active holds.</summary>
    public int HeldBy(Guid userId) => _heldByUser.GetValueOrDefault(userId);

    /// <summary>The hold as last decided, when known.</summary>
    public bool TryGet(Guid holdId, out Hold hold) => _decided.TryGetValue(holdId, out hold!);

    /// <summary>True when the hold is known (active, or settled lately).</summary>
    public bool Knows(Guid holdId) => _decided.ContainsKey(holdId);

    /// <summary>The hold as committed, when known.</summary>
    public Hold? CommittedHold(Guid holdId) => _committed.GetValueOrDefault(holdId);

    /// <summary>The booking confirming the hold made, when known.</summary>
    public Booking? BookingOf(Guid holdId) => _bookings.GetValueOrDefault(holdId);

    /// <summary>The hold was confirmed into <paramref name="booking"/>.</summary>
    public void Confirmed(Guid holdId, Booking booking) => _bookings[holdId] = booking;

    /// <summary>A booking read from the store for a confirmed hold: kept only with its hold (one let go of is read again when asked for).</summary>
    public void RememberBooking(Guid holdId, Booking booking)
    {
        if (_decided.ContainsKey(holdId))
        {
            _bookings.TryAdd(holdId, booking);
        }
    }

    /// <summary>Active holds as the store holds them, at activation.</summary>
    public void Load(IReadOnlyList<Hold>? holds)
    {
        foreach (var hold in holds ?? [])
        {
            Track(hold);
            _committed[hold.Id] = hold;
        }
    }

    /// <summary>A hold made (or loaded) active.</summary>
    public void Track(Hold hold)
    {
        _decided[hold.Id] = hold;
        _deadlines.Add(hold);
        _heldByUser[hold.UserId] = _heldByUser.GetValueOrDefault(hold.UserId) + hold.Quantity;
    }

    /// <summary>Resolves an active hold as decided; returns it resolved.</summary>
    public Hold Resolve(Hold hold, string status, DateTimeOffset now, Guid? bookingId)
    {
        var resolved = hold.Resolved(status, now, bookingId);
        _decided[hold.Id] = resolved;
        _deadlines.Remove(hold);
        var left = _heldByUser[hold.UserId] - hold.Quantity;
        if (left == 0)
        {
            _heldByUser.Remove(hold.UserId);
        }
        else
        {
            _heldByUser[hold.UserId] = left;
        }

        return resolved;
    }

    /// <summary>The batch's hold rows are durable.</summary>
    public void Committed(EventBatch batch)
    {
        foreach (var write in batch.Holds)
        {
            _committed[write.Hold.Id] = write.Hold;
        }
    }

    /// <summary>A settled hold is final: nothing decides about it again, so it leaves memory with its booking.</summary>
    public void Forget(Guid holdId)
    {
        _decided.Remove(holdId);
        _committed.Remove(holdId);
        _bookings.Remove(holdId);
    }

    /// <summary>A batch leaves: a hold made and resolved within it is one row, inserted as it ends.</summary>
    public static void MergeRows(EventBatch batch)
    {
        if (batch.Holds.Count < 2)
        {
            return;
        }

        var last = new Dictionary<Guid, HoldWrite>();
        foreach (var write in batch.Holds)
        {
            last[write.Hold.Id] = last.TryGetValue(write.Hold.Id, out var earlier) ? write with { IsNew = earlier.IsNew || write.IsNew } : write;
        }

        if (last.Count != batch.Holds.Count)
        {
            batch.Holds.Clear();
            batch.Holds.AddRange(last.Values);
        }
    }
}
