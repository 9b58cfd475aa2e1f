using Evently.Domain.Events;

namespace Evently.Domain.Waitlists;

/// <summary>
/// An event's waitlist: an ordered queue (higher priority first, then earlier join, then id) and the seats
/// held for promoted entries.
/// <para>Promotion rule, first fit in queue order: when seats free up, entries are visited in order and each
/// waiting entry whose quantity fits in the free seats is promoted, holding its seats. An entry that does not
/// fit keeps its place, and smaller entries behind it may be promoted meanwhile; it is promoted as soon as
/// a promotion round finds enough free seats for it. Free seats that fit nobody stay on public sale.</para>
/// <para>Every operation but <see cref="Close"/> costs O(log n) in the number of open entries: the line is a
/// <see cref="RankedSet{T}"/> (positions are ranks), waiting entries are also kept per quantity (the first fit is the
/// earliest head among the quantities that fit), and promotions by deadline.</para>
/// <para>A suspended entry (its user's account is disabled) keeps its key but stands out of the line: it is not promoted,
/// has no position and does not count in <see cref="Length"/>; resumed, it is back in its place.</para>
/// </summary>
public sealed class Waitlist
{
    private readonly Dictionary<Guid, WaitlistEntry> _byUser = [];
    private readonly RankedSet<WaitlistEntry> _line = new(QueueOrder.Instance);
    private readonly SortedDictionary<int, SortedSet<WaitlistEntry>> _waitingByQuantity = [];
    private readonly SortedSet<WaitlistEntry> _deadlines = new(DeadlineOrder.Instance);

    /// <summary>Builds the list from stored entries.</summary>
    public Waitlist(IEnumerable<WaitlistEntry>? entries = null)
    {
        foreach (var entry in entries ?? [])
        {
            Put(entry);
        }
    }

    /// <summary>Entries in line (waiting or holding seats, not suspended), in promotion order.</summary>
    public IEnumerable<WaitlistEntry> Open => _line;

    /// <summary>How many entries are in line.</summary>
    public int Length => _line.Count;

    /// <summary>The earliest promotion deadline, if any promotion is held.</summary>
    public DateTimeOffset? NextExpiry => _deadlines.Count == 0 ? null : _deadlines.Min!.Promotion!.ExpiresAt;

    /// <summary>The user's entry, whatever its status.</summary>
    public WaitlistEntry? Find(Guid userId) => _byUser.GetValueOrDefault(userId);

    /// <summary>The 1-based position of an entry in line, or 0.</summary>
    public int PositionOf(Guid userId) =>
        _byUser.TryGetValue(userId, out var entry) && InLine(entry) ? _line.IndexOf(entry) + 1 : 0;

    /// <summary>Up to <paramref name="take"/> entries in line from 0-based place <paramref name="skip"/>, with their positions.</summary>
    public IReadOnlyList<(WaitlistEntry Entry, int Position)> Page(int skip, int take) =>
        _line.From(skip).Take(take).Select((entry, i) => (entry, skip + i + 1)).ToList();

    /// <summary>Adds the user, unless they already wait or hold seats. A user who left, expired or booked before may join again.</summary>
    public WaitlistChange? Join(Guid entryId, Guid userId, int quantity, int priorityScore, string? webhookUrl, DateTimeOffset now)
    {
        if (_byUser.TryGetValue(userId, out var existing) && existing.IsOpen)
        {
            return null;
        }

        // Re-joining reuses the row (one per user and event) with a fresh place at the back.
        var entry = new WaitlistEntry(existing?.Id ?? entryId, userId, quantity, priorityScore, now, WaitlistStatus.Waiting, webhookUrl);
        Put(entry);
        return new WaitlistChange(WaitlistChangeKind.Joined, entry, null);
    }

    /// <summary>
    /// Promotes waiting entries, first fit in queue order, while free seats cover them; moves their seats to held. Only
    /// entries <paramref name="mayClaim"/> accepts (all when null) are promoted: the others keep their place, waiting.
    /// </summary>
    public IReadOnlyList<WaitlistChange> Promote(
        ref SeatLedger seats, TimeSpan window, DateTimeOffset now, Func<Guid> newId, Func<WaitlistEntry, bool>? mayClaim = null)
    {
        // Walking the line and promoting each entry that fits picks, each time, the earliest waiting entry whose
        // quantity fits what is left: an entry skipped once never fits later, as free seats only shrink meanwhile (and
        // whether one user may claim does not depend on another's promotion).
        var changes = new List<WaitlistChange>();
        while (seats.AvailableSeats > 0 && FirstFit(seats.AvailableSeats, mayClaim) is { } entry)
        {
            seats = seats with { AvailableSeats = seats.AvailableSeats - entry.Quantity, HeldSeats = seats.HeldSeats + entry.Quantity };
            var promotion = new Promotion(newId(), entry.Quantity, now, now + window);
            var promoted = entry with { Status = WaitlistStatus.Promoted, Promotion = promotion };
            Put(promoted);
            changes.Add(new WaitlistChange(WaitlistChangeKind.Promoted, promoted, promotion));
        }

        return changes;
    }

    /// <summary>Expires every promotion due by <paramref name="now"/>; their seats go back to free. Idempotent.</summary>
    public IReadOnlyList<WaitlistChange> Expire(ref SeatLedger seats, DateTimeOffset now)
    {
        var changes = new List<WaitlistChange>();
        while (_deadlines.Count > 0 && _deadlines.Min!.Promotion!.ExpiresAt <= now)
        {
            var entry = _deadlines.Min;
            seats = ReleaseHeld(seats, entry.Promotion!.Quantity);
            var expired = entry with { Status = WaitlistStatus.Expired };
            Put(expired);
            changes.Add(new WaitlistChange(WaitlistChangeKind.Expired, expired, entry.Promotion));
        }

        return changes;
    }

    /// <summary>
    /// The holder books <paramref name="quantity"/> seats: held seats first, then free ones for any excess.
    /// Held seats the booking does not use go back to free. Returns null when the user holds no promotion,
    /// or when held plus free seats cannot cover the quantity (nothing changes then).
    /// </summary>
    public WaitlistChange? BookHeld(Guid userId, int quantity, Guid bookingId, ref SeatLedger seats)
    {
        if (!_byUser.TryGetValue(userId, out var entry) || entry.Status != WaitlistStatus.Promoted)
        {
            return null;
        }

        var held = entry.Promotion!.Quantity;
        var extra = Math.Max(0, quantity - held);
        if (extra > seats.AvailableSeats)
        {
            return null;
        }

        // Release the whole hold to free, then take the booking from free: one path for every case.
        var after = ReleaseHeld(seats, held);
        after = after with { AvailableSeats = after.AvailableSeats - quantity };
        seats = after;
        var booked = entry with { Status = WaitlistStatus.Booked, BookingId = bookingId };
        Put(booked);
        return new WaitlistChange(WaitlistChangeKind.Booked, booked, entry.Promotion);
    }

    /// <summary>The user leaves; a held promotion's seats go back to free.</summary>
    public WaitlistChange? Leave(Guid userId, ref SeatLedger seats)
    {
        if (!_byUser.TryGetValue(userId, out var entry) || !entry.IsOpen)
        {
            return null;
        }

        if (entry.Status == WaitlistStatus.Promoted)
        {
            seats = ReleaseHeld(seats, entry.Promotion!.Quantity);
        }

        var left = entry with { Status = WaitlistStatus.Left };
        Put(left);
        return new WaitlistChange(WaitlistChangeKind.Left, left, entry.Promotion);
    }

    /// <summary>
    /// The user's account was disabled: their open entry stands out of the line, keeping its place for later, and a
    /// promotion they hold is released at once (its seats go back to free). Null when there is nothing to suspend.
    /// </summary>
    public WaitlistChange? Suspend(Guid userId, ref SeatLedger seats)
    {
        if (!_byUser.TryGetValue(userId, out var entry) || !entry.IsOpen || entry.Suspended)
        {
            return null;
        }

        if (entry.Status == WaitlistStatus.Promoted)
        {
            seats = ReleaseHeld(seats, entry.Promotion!.Quantity);
        }

        var suspended = entry with { Status = WaitlistStatus.Waiting, Promotion = null, Suspended = true };
        Put(suspended);
        return new WaitlistChange(WaitlistChangeKind.Suspended, suspended, entry.Promotion);
    }

    /// <summary>The user's account was enabled again: a suspended entry is back in line, in the place its key gives it.</summary>
    public WaitlistChange? Resume(Guid userId)
    {
        if (!_byUser.TryGetValue(userId, out var entry) || !entry.IsOpen || !entry.Suspended)
        {
            return null;
        }

        var resumed = entry with { Suspended = false };
        Put(resumed);
        return new WaitlistChange(WaitlistChangeKind.Resumed, resumed, null);
    }

    /// <summary>The event was cancelled: every open entry (suspended ones too) closes and held seats are released.</summary>
    public IReadOnlyList<WaitlistChange> Close(ref SeatLedger seats)
    {
        var changes = new List<WaitlistChange>();
        foreach (var entry in _byUser.Values.Where(e => e.IsOpen).ToList())
        {
            if (entry.Status == WaitlistStatus.Promoted)
            {
                seats = ReleaseHeld(seats, entry.Promotion!.Quantity);
            }

            var closed = entry with { Status = WaitlistStatus.Closed, Suspended = false };
            Put(closed);
            changes.Add(new WaitlistChange(WaitlistChangeKind.Closed, closed, entry.Promotion));
        }

        return changes;
    }

    private static bool InLine(WaitlistEntry entry) => entry.IsOpen && !entry.Suspended;

    private static SeatLedger ReleaseHeld(SeatLedger seats, int quantity) =>
        seats with { AvailableSeats = seats.AvailableSeats + quantity, HeldSeats = seats.HeldSeats - quantity };

    /// <summary>The earliest waiting entry in line, accepted by <paramref name="mayClaim"/>, whose quantity is at most <paramref name="free"/>.</summary>
    private WaitlistEntry? FirstFit(int free, Func<WaitlistEntry, bool>? mayClaim)
    {
        WaitlistEntry? best = null;
        foreach (var (quantity, waiting) in _waitingByQuantity)
        {
            if (quantity > free)
            {
                break;
            }

            // Refused entries are passed over in queue order: they are rare (a limit lowered below what someone already
            // waits for), so the head of each quantity is almost always the one taken.
            var head = mayClaim is null ? waiting.Min : waiting.FirstOrDefault(mayClaim);
            if (head is not null && (best is null || QueueOrder.Instance.Compare(head, best) < 0))
            {
                best = head;
            }
        }

        return best;
    }

    /// <summary>Replaces the user's entry and keeps every index in step with it.</summary>
    private void Put(WaitlistEntry entry)
    {
        if (_byUser.TryGetValue(entry.UserId, out var old))
        {
            Index(old, add: false);
        }

        _byUser[entry.UserId] = entry;
        Index(entry, add: true);
    }

    private void Index(WaitlistEntry entry, bool add)
    {
        if (!InLine(entry))
        {
            return;
        }

        if (add)
        {
            _line.Add(entry);
        }
        else
        {
            _line.Remove(entry);
        }

        if (entry.Status == WaitlistStatus.Waiting)
        {
            if (!_waitingByQuantity.TryGetValue(entry.Quantity, out var waiting))
            {
                _waitingByQuantity[entry.Quantity] = waiting = new SortedSet<WaitlistEntry>(QueueOrder.Instance);
            }

            if (add)
            {
                waiting.Add(entry);
            }
            else
            {
                waiting.Remove(entry);
            }
        }
        else if (add)
        {
            _deadlines.Add(entry);
        }
        else
        {
            _deadlines.Remove(entry);
        }
    }

    /// <summary>Queue order: higher priority first, then earlier join, then id.</summary>
    private sealed class QueueOrder : IComparer<WaitlistEntry>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare(WaitlistEntry? x, WaitlistEntry? y)
        {
            var byPriority = y!.PriorityScore.CompareTo(x!.PriorityScore);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byTime = x.JoinedAt.CompareTo(y.JoinedAt);
            return byTime != 0 ? byTime : x.Id.CompareTo(y.Id);
        }
    }

    /// <summary>Promotions by deadline, then entry id.</summary>
    private sealed class DeadlineOrder : IComparer<WaitlistEntry>
    {
        public static readonly DeadlineOrder Instance = new();

        public int Compare(WaitlistEntry? x, WaitlistEntry? y)
        {
            var byDeadline = x!.Promotion!.ExpiresAt.CompareTo(y!.Promotion!.ExpiresAt);
            return byDeadline != 0 ? byDeadline : x.Id.CompareTo(y.Id);
        }
    }
}
