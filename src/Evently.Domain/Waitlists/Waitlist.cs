using Evently.Domain.Events;

namespace Evently.Domain.Waitlists;

/// <summary>
/// An event's waitlist: an ordered queue (higher priority first, then earlier join, then id) and the seats
/// held for promoted entries.
/// <para>Promotion rule, first fit in queue order: when seats free up, entries are visited in order and each
/// waiting entry whose quantity fits in the free seats is promoted, holding its seats. An entry that does not
/// fit keeps its place, and smaller entries behind it may be promoted meanwhile; it is promoted as soon as
/// a promotion round finds enough free seats for it. Free seats that fit nobody stay on public sale.</para>
/// </summary>
public sealed class Waitlist
{
    private readonly Dictionary<Guid, WaitlistEntry> _byUser = [];

    /// <summary>Builds the list from stored entries.</summary>
    public Waitlist(IEnumerable<WaitlistEntry>? entries = null)
    {
        foreach (var entry in entries ?? [])
        {
            _byUser[entry.UserId] = entry;
        }
    }

    /// <summary>Entries waiting or holding seats, in promotion order.</summary>
    public IEnumerable<WaitlistEntry> Open => _byUser.Values.Where(e => e.IsOpen).OrderBy(e => e, QueueOrder.Instance);

    /// <summary>How many entries are waiting or holding seats.</summary>
    public int Length => _byUser.Values.Count(e => e.IsOpen);

    /// <summary>The earliest promotion deadline, if any promotion is held.</summary>
    public DateTimeOffset? NextExpiry =>
        _byUser.Values.Where(e => e.Status == WaitlistStatus.Promoted).Select(e => (DateTimeOffset?)e.Promotion!.ExpiresAt).Min();

    /// <summary>The user's entry, whatever its status.</summary>
    public WaitlistEntry? Find(Guid userId) => _byUser.GetValueOrDefault(userId);

    /// <summary>The 1-based position of an open entry among open entries, or 0.</summary>
    public int PositionOf(Guid userId)
    {
        var index = 1;
        foreach (var entry in Open)
        {
            if (entry.UserId == userId)
            {
                return index;
            }

            index++;
        }

        return 0;
    }

    /// <summary>Adds the user, unless they already wait or hold seats. A user who left, expired or booked before may join again.</summary>
    public WaitlistChange? Join(Guid entryId, Guid userId, int quantity, int priorityScore, string? webhookUrl, DateTimeOffset now)
    {
        if (_byUser.TryGetValue(userId, out var existing) && existing.IsOpen)
        {
            return null;
        }

        // Re-joining reuses the row (one per user and event) with a fresh place at the back.
        var entry = new WaitlistEntry(existing?.Id ?? entryId, userId, quantity, priorityScore, now, WaitlistStatus.Waiting, webhookUrl);
        _byUser[userId] = entry;
        return new WaitlistChange(WaitlistChangeKind.Joined, entry, null);
    }

    /// <summary>Promotes waiting entries, first fit in queue order, while free seats cover them; moves their seats to held.</summary>
    public IReadOnlyList<WaitlistChange> Promote(ref SeatLedger seats, TimeSpan window, DateTimeOffset now, Func<Guid> newId)
    {
        var changes = new List<WaitlistChange>();
        foreach (var entry in Open.Where(e => e.Status == WaitlistStatus.Waiting).ToList())
        {
            if (seats.AvailableSeats == 0)
            {
                break;
            }

            if (entry.Quantity > seats.AvailableSeats)
            {
                continue;
            }

            seats = seats with { AvailableSeats = seats.AvailableSeats - entry.Quantity, HeldSeats = seats.HeldSeats + entry.Quantity };
            var promotion = new Promotion(newId(), entry.Quantity, now, now + window);
            var promoted = entry with { Status = WaitlistStatus.Promoted, Promotion = promotion };
            _byUser[entry.UserId] = promoted;
            changes.Add(new WaitlistChange(WaitlistChangeKind.Promoted, promoted, promotion));
        }

        return changes;
    }

    /// <summary>Expires every promotion due by <paramref name="now"/>; their seats go back to free. Idempotent.</summary>
    public IReadOnlyList<WaitlistChange> Expire(ref SeatLedger seats, DateTimeOffset now)
    {
        var changes = new List<WaitlistChange>();
        foreach (var entry in _byUser.Values.Where(e => e.Status == WaitlistStatus.Promoted && e.Promotion!.ExpiresAt <= now).ToList())
        {
            seats = ReleaseHeld(seats, entry.Promotion!.Quantity);
            var expired = entry with { Status = WaitlistStatus.Expired };
            _byUser[entry.UserId] = expired;
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
        _byUser[userId] = booked;
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
        _byUser[userId] = left;
        return new WaitlistChange(WaitlistChangeKind.Left, left, entry.Promotion);
    }

    /// <summary>The event was cancelled: every open entry closes and held seats are released.</summary>
    public IReadOnlyList<WaitlistChange> Close(ref SeatLedger seats)
    {
        var changes = new List<WaitlistChange>();
        foreach (var entry in _byUser.Values.Where(e => e.IsOpen).ToList())
        {
            if (entry.Status == WaitlistStatus.Promoted)
            {
                seats = ReleaseHeld(seats, entry.Promotion!.Quantity);
            }

            var closed = entry with { Status = WaitlistStatus.Closed };
            _byUser[entry.UserId] = closed;
            changes.Add(new WaitlistChange(WaitlistChangeKind.Closed, closed, entry.Promotion));
        }

        return changes;
    }

    private static SeatLedger ReleaseHeld(SeatLedger seats, int quantity) =>
        seats with { AvailableSeats = seats.AvailableSeats + quantity, HeldSeats = seats.HeldSeats - quantity };

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
}
