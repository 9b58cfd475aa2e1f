using System.Security.Cryptography;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;

namespace Evently.Core.Queues;

/// <summary>
/// One event's waiting room, in memory (no Orleans, no database): joins, the lottery at the opening, admissions at an
/// even rate, positions and waits. Everyone who joined before <c>salesStartAt</c> is placed by a uniformly random
/// permutation (Fisher–Yates drawing from <see cref="RandomNumberGenerator"/> unless a test gives its own source);
/// later arrivals queue behind, first come first served. Position lookups cost O(log n) (an order-statistics tree).
/// Every change marks its entry dirty; the host persists dirty entries in batches (<see cref="TakeDirty"/>).
/// </summary>
public sealed class WaitingRoom
{
    /// <summary>
    /// How late a tick may still use the slots it missed: a host ticking every 100 ms keeps its pace through a slow tick,
    /// while an older slot (a room asleep) is forfeit. Less than the shortest admission, so no admission is issued over.
    /// </summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(1);

    private readonly Dictionary<Guid, QueueEntry> _entries = [];
    private readonly List<QueueEntry> _preQueue = [];
    private readonly RankedSet<QueueEntry> _line = new(ByRank.Instance);
    private readonly HashSet<Guid> _dirty = [];

    // While a large change is taken in parts: the changed entries not taken yet, in line order, and those changed since.
    private readonly HashSet<Guid> _changedSinceSort = [];
    private Queue<QueueEntry>? _inLineOrder;
    private readonly Func<int, int> _random;
    private long _nextSeq;
    private long _nextRank;
    private DateTimeOffset _nextAdmissionAt;

    /// <summary>A room for a sale opening at <paramref name="salesStartAt"/>, with the stored entries (if any).</summary>
    public WaitingRoom(WaitingRoomSettings settings, DateTimeOffset salesStartAt, IEnumerable<QueueEntry>? stored = null, Func<int, int>? random = null)
    {
        Settings = settings;
        SalesStartAt = salesStartAt;
        _random = random ?? RandomNumberGenerator.GetInt32;
        _nextAdmissionAt = salesStartAt;
        foreach (var entry in stored ?? [])
        {
            _entries[entry.UserId] = entry;
            _nextSeq = Math.Max(_nextSeq, entry.Seq + 1);
            if (entry.Rank is { } rank)
            {
                _nextRank = Math.Max(_nextRank, rank + 1);
                Drawn = true;
            }

            if (entry.Status == QueueEntry.Waiting)
            {
                Enqueue(entry);
            }

            if (entry.AdmittedAt is { } at && at + settings.AdmissionInterval > _nextAdmissionAt)
            {
                _nextAdmissionAt = at + settings.AdmissionInterval;
            }
        }

        // A draw that was not stored in full is made again: nobody was shown a position from it.
        if (_preQueue.Count > 0)
        {
            Drawn = false;
        }

        _preQueue.Sort((a, b) => a.Seq.CompareTo(b.Seq));
    }

    /// <summary>How this room admits.</summary>
    public WaitingRoomSettings Settings { get; private set; }

    /// <summary>When sales open (the lottery's moment).</summary>
    public DateTimeOffset SalesStartAt { get; private set; }

    /// <summary>True once the pre-queue has been drawn.</summary>
    public bool Drawn { get; private set; }

    /// <summary>Users waiting (drawn or not).</summary>
    public int Waiting => _line.Count + _preQueue.Count;

    /// <summary>True when some entry changed since <see cref="TakeDirty"/>.</summary>
    public bool HasChanges => _dirty.Count > 0;

    /// <summary>The users whose entries changed since they were last taken by <see cref="TakeDirty"/>.</summary>
    public IReadOnlyCollection<Guid> ChangedUsers => _dirty;

    /// <summary>Every entry.</summary>
    public IEnumerable<QueueEntry> Entries => _entries.Values;

    /// <summary>Takes new settings (an admin edit); the admission pace follows at once.</summary>
    public void Configure(WaitingRoomSettings settings, DateTimeOffset salesStartAt)
    {
        Settings = settings;
        if (!Drawn)
        {
            SalesStartAt = salesStartAt;
            _nextAdmissionAt = salesStartAt;
        }
    }

    /// <summary>
    /// Puts the user in the room: null before it opens (<c>salesStartAt - opensMinutesBefore</c>); otherwise the entry
    /// and whether it is new. A user waiting or admitted keeps their place; one whose admission expired joins at the back.
    /// </summary>
    public (QueueEntry Entry, bool Created)? Join(Guid userId, string? webhookUrl, DateTimeOffset now)
    {
        if (now < Settings.QueueOpensAt(SalesStartAt))
        {
            return null;
        }

        if (_entries.TryGetValue(userId, out var existing) && existing.StatusAt(now) != QueueEntry.Expired)
        {
            return (existing, false);
        }

        if (!Drawn && now >= SalesStartAt)
        {
            // A join after the opening queues behind the whole pre-queue: the lottery happens first.
            Draw();
        }

        var entry = new QueueEntry(userId, _nextSeq++, now, Drawn ? _nextRank++ : null, QueueEntry.Waiting, null, null, webhookUrl);
        Put(entry);
        Enqueue(entry);
        return (entry, true);
    }

    /// <summary>The user's entry as they see it now, or null when they never joined.</summary>
    public QueuePlace? Find(Guid userId, DateTimeOffset now) => _entries.TryGetValue(userId, out var entry) ? Place(entry, now) : null;

    /// <summary>How <paramref name="entry"/> reads now: position and wait only while waiting in a drawn line.</summary>
    public QueuePlace Place(QueueEntry entry, DateTimeOffset now)
    {
        var status = entry.StatusAt(now);
        if (status != QueueEntry.Waiting || entry.Rank is null || _line.IndexOf(entry) is var index && index < 0)
        {
            return new QueuePlace(entry, status, null, null);
        }

        var wait = (_nextAdmissionAt > now ? _nextAdmissionAt - now : TimeSpan.Zero) + Settings.AdmissionInterval * index;
        return new QueuePlace(entry, status, index + 1, (int)Math.Ceiling(wait.TotalSeconds));
    }

    /// <summary>
    /// Moves the room to <paramref name="now"/>: the lottery once sales open, then every admission due, one per
    /// interval. The next slot follows the last stored admission (so a new activation keeps the pace), but a slot more
    /// than <see cref="CatchUp"/> old is never used: unused slots do not pile up into a burst of admissions issued
    /// already over. Returns the users admitted now, each valid past <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<QueueEntry> Tick(DateTimeOffset now)
    {
        if (!Drawn && now >= SalesStartAt)
        {
            Draw();
        }

        if (!Drawn)
        {
            return [];
        }

        if (_nextAdmissionAt < now - CatchUp)
        {
            // The room slept (nobody ticked it, or it was deactivated or moved): slots it missed are gone. Starting from
            // the opening or the last stored admission would hand out admissions that are over already, all at once.
            _nextAdmissionAt = now;
        }

        var admitted = new List<QueueEntry>();
        while (_line.Count > 0 && _nextAdmissionAt <= now)
        {
            var head = _line.Min!;
            _line.Remove(head);
            var entry = head with { Status = QueueEntry.Admitted, AdmittedAt = _nextAdmissionAt, AdmittedUntil = _nextAdmissionAt + Settings.AdmissionLength };
            Put(entry);
            admitted.Add(entry);
            _nextAdmissionAt += Settings.AdmissionInterval;
        }

        if (_line.Count == 0 && _nextAdmissionAt < now)
        {
            _nextAdmissionAt = now;
        }

        return admitted;
    }

    /// <summary>
    /// At most <paramref name="max"/> of the entries changed since they were last taken (to be persisted), in line
    /// order (drawn ranks first, lowest first; then undrawn ones by arrival), and forgets them as changed. Writing a
    /// large draw in this order keeps it fair across a crash: what is stored is always a prefix of the line, every
    /// position shown counts only stored entries ahead, and a restore re-draws the rest behind that prefix, where the
    /// first draw had put them too. The changed entries are sorted once, when the first part is taken; entries that
    /// change while the parts are written are sorted on their own and merged in.
    /// </summary>
    public IReadOnlyList<QueueEntry> TakeDirty(int max = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (_dirty.Count <= max)
        {
            var all = _dirty.Select(u => _entries[u]).ToList();
            _dirty.Clear();
            _inLineOrder = null;
            _changedSinceSort.Clear();
            return all;
        }

        if (_inLineOrder is null)
        {
            _inLineOrder = new Queue<QueueEntry>(_dirty.Select(u => _entries[u]).Order(LineOrder.Instance));
        }
        else if (_changedSinceSort.Count > 0)
        {
            MergeChangedSinceSort();
        }

        var taken = new List<QueueEntry>(max);
        while (taken.Count < max && _inLineOrder.TryDequeue(out var entry))
        {
            _dirty.Remove(entry.UserId);
            taken.Add(entry);
        }

        return taken;
    }

    /// <summary>Entries changed since the sort leave their old place and join the sorted rest where their order puts them.</summary>
    private void MergeChangedSinceSort()
    {
        var changed = _changedSinceSort.Select(u => _entries[u]).Order(LineOrder.Instance).ToList();
        var merged = new Queue<QueueEntry>(_inLineOrder!.Count + changed.Count);
        var next = 0;
        foreach (var entry in _inLineOrder!)
        {
            if (_changedSinceSort.Contains(entry.UserId))
            {
                continue;
            }

            while (next < changed.Count && LineOrder.Instance.Compare(changed[next], entry) < 0)
            {
                merged.Enqueue(changed[next++]);
            }

            merged.Enqueue(entry);
        }

        while (next < changed.Count)
        {
            merged.Enqueue(changed[next++]);
        }

        _inLineOrder = merged;
        _changedSinceSort.Clear();
    }

    /// <summary>Valid admissions now: (user, until).</summary>
    public IEnumerable<(Guid UserId, DateTimeOffset Until)> Admissions(DateTimeOffset now) =>
        _entries.Values.Where(e => e.StatusAt(now) == QueueEntry.Admitted).Select(e => (e.UserId, e.AdmittedUntil!.Value));

    private void Draw()
    {
        // Fisher–Yates: every permutation of the pre-queue equally likely, whatever the join order.
        var drawn = _preQueue.ToArray();
        for (var i = drawn.Length - 1; i > 0; i--)
        {
            var j = _random(i + 1);
            (drawn[i], drawn[j]) = (drawn[j], drawn[i]);
        }

        _preQueue.Clear();
        foreach (var entry in drawn)
        {
            var ranked = entry with { Rank = _nextRank++ };
            Put(ranked);
            _line.Add(ranked);
        }

        Drawn = true;
    }

    private void Enqueue(QueueEntry entry)
    {
        if (entry.Rank is null)
        {
            _preQueue.Add(entry);
        }
        else
        {
            _line.Add(entry);
        }
    }

    private void Put(QueueEntry entry)
    {
        _entries[entry.UserId] = entry;
        _dirty.Add(entry.UserId);
        if (_inLineOrder is not null)
        {
            _changedSinceSort.Add(entry.UserId);
        }
    }

    /// <summary>Line order for writing: drawn ranks first, lowest first; then undrawn entries by arrival.</summary>
    private sealed class LineOrder : IComparer<QueueEntry>
    {
        public static readonly LineOrder Instance = new();

        public int Compare(QueueEntry? x, QueueEntry? y)
        {
            var byRank = (x!.Rank ?? long.MaxValue).CompareTo(y!.Rank ?? long.MaxValue);
            return byRank != 0 ? byRank : x.Seq.CompareTo(y.Seq);
        }
    }

    private sealed class ByRank : IComparer<QueueEntry>
    {
        public static readonly ByRank Instance = new();

        public int Compare(QueueEntry? x, QueueEntry? y)
        {
            var byRank = Nullable.Compare(x!.Rank, y!.Rank);
            return byRank != 0 ? byRank : x.Seq.CompareTo(y.Seq);
        }
    }
}
