using Evently.Core;
using Evently.Domain.Events;
using Evently.Persistence.Queries;

namespace Evently.Persistence.Catalog;

/// <summary>
/// Every event in memory, listed events (status <c>published</c>) in browse order (<c>event_date</c>, then <c>id</c>),
/// answering browse exactly as the SQL over all shards does (<see cref="EventReads"/>): the same filters, order, pages
/// and count, plus keyset cursors. Plain and thread-safe: changes take a lock; readers take an immutable ordered array
/// and read each slot's current entry. A change that keeps an event's place (seats, price, text) swaps the slot's
/// entry; one that moves it (new, date, status) is queued and folded into a new array by the next reader.
/// </summary>
public sealed class CatalogIndex
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, Slot> _byId = [];
    private readonly List<Slot> _added = [];
    private readonly HashSet<Slot> _removed = [];
    private volatile Slot[] _ordered = [];
    private volatile bool _dirty;

    /// <summary>Events held (listed or not).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Takes the event as it now stands, unless the index already holds this version or a later one.</summary>
    public bool Apply(EventRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (!_byId.TryGetValue(item.Id, out var slot))
            {
                Add(new Slot(Entry.Of(item, null)));
                return true;
            }

            var current = slot.Entry.Item;
            if (item.Version <= current.Version)
            {
                return false;
            }

            if (item.EventDate == current.EventDate && Listed(item) == Listed(current))
            {
                slot.Entry = Entry.Of(item, slot.Entry);
                return true;
            }

            // It moves (or joins or leaves the listing): the old slot goes, a new one takes its new place.
            if (Listed(current))
            {
                _removed.Add(slot);
                _dirty = true;
            }

            Add(new Slot(Entry.Of(item, slot.Entry)));
            return true;
        }
    }

    /// <summary>Folds queued moves into the ordered array now, so readers rarely pay for it and the queue stays short.</summary>
    public void Refresh() => Ordered();

    /// <summary>The version held for an event, or null.</summary>
    public long? VersionOf(Guid id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var slot) ? slot.Entry.Item.Version : null;
        }
    }

    /// <summary>One page of the listed events matching <paramref name="query"/>, with the count of all that match.</summary>
    public CatalogPage Search(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ordered = Ordered();
        var from = EventRows.ToMicros(query.From);
        var lo = LowerBound(ordered, from);
        var hi = query.To is { } to ? Math.Max(lo, LowerBound(ordered, EventRows.ToMicros(to))) : ordered.Length;
        var text = Needle(query.Text);
        var venue = Needle(query.Venue);
        var page = query.After?.Page ?? query.Page;
        var items = new List<EventRecord>(query.PageSize);

        // Where the page starts: after the cursor's key, or past (page - 1) pages of matches.
        var start = lo;
        if (query.After is { } after)
        {
            start = Math.Max(lo, UpperBound(ordered, after.EventDate, after.Id));
        }

        long total;
        var last = -1;
        if (text is null && venue is null)
        {
            total = hi - lo;
            if (query.After is null)
            {
                start = (int)Math.Min(hi, lo + ((long)page - 1) * query.PageSize);
            }

            for (var i = start; i < hi && items.Count < query.PageSize; i++)
            {
                items.Add(ordered[i].Entry.Item);
                last = i;
            }

            return Page(items, page, query.PageSize, total, last >= 0 && last + 1 < hi ? ordered[last] : null);
        }

        // Text filters: one pass over the date range counts every match and keeps the page's.
        total = 0;
        var skip = query.After is null ? ((long)page - 1) * query.PageSize : 0;
        var more = false;
        for (var i = lo; i < hi; i++)
        {
            var entry = ordered[i].Entry;
            if (!entry.Matches(text, venue))
            {
                continue;
            }

            total++;
            if (i < start)
            {
                continue;
            }

            if (skip > 0)
            {
                skip--;
            }
            else if (items.Count < query.PageSize)
            {
                items.Add(entry.Item);
                last = i;
            }
            else
            {
                more = true;
            }
        }

        return Page(items, page, query.PageSize, total, more ? ordered[last] : null);
    }

    private static CatalogPage Page(List<EventRecord> items, int page, int pageSize, long total, Slot? lastOfPage) =>
        new(items, page, pageSize, total, lastOfPage is null ? null : new CatalogCursor(page + 1, lastOfPage.Date, lastOfPage.Id));

    /// <summary>The search text as the index compares it (ASCII lower case, as ILIKE folds under the shards' C locale), or null.</summary>
    private static string? Needle(string? text) => string.IsNullOrWhiteSpace(text) ? null : AsciiLower(text.Trim());

    private static bool Listed(EventRecord item) => item.Status == EventStatus.Published;

    private void Add(Slot slot)
    {
        _byId[slot.Id] = slot;
        if (Listed(slot.Entry.Item))
        {
            _added.Add(slot);
            _dirty = true;
        }
    }

    private Slot[] Ordered()
    {
        if (!_dirty)
        {
            return _ordered;
        }

        lock (_gate)
        {
            if (!_dirty)
            {
                return _ordered;
            }

            var current = _ordered;
            var added = _added.Where(s => !_removed.Contains(s)).ToList();
            added.Sort(SlotOrder.Instance);
            var merged = new Slot[current.Length + added.Count];
            int i = 0, j = 0, k = 0;
            while (i < current.Length || j < added.Count)
            {
                if (i < current.Length && _removed.Contains(current[i]))
                {
                    i++;
                    continue;
                }

                if (j >= added.Count || (i < current.Length && SlotOrder.Instance.Compare(current[i], added[j]) < 0))
                {
                    merged[k++] = current[i++];
                }
                else
                {
                    merged[k++] = added[j++];
                }
            }

            _added.Clear();
            _removed.Clear();
            _ordered = k == merged.Length ? merged : merged[..k];
            _dirty = false;
            return _ordered;
        }
    }

    // First index whose date is at or after the instant.
    private static int LowerBound(Slot[] ordered, DateTimeOffset date)
    {
        int lo = 0, hi = ordered.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ordered[mid].Date < date)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // First index whose key (date, id) is after the given key.
    private static int UpperBound(Slot[] ordered, DateTimeOffset date, Guid id)
    {
        int lo = 0, hi = ordered.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var slot = ordered[mid];
            var c = slot.Date.CompareTo(date);
            if (c < 0 || (c == 0 && slot.Id.CompareTo(id) <= 0))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static string AsciiLower(string text)
    {
        foreach (var c in text)
        {
            if (c is >= 'A' and <= 'Z')
            {
                return string.Create(text.Length, text, static (span, source) =>
                {
                    for (var i = 0; i < source.Length; i++)
                    {
                        var ch = source[i];
                        span[i] = ch is >= 'A' and <= 'Z' ? (char)(ch + 32) : ch;
                    }
                });
            }
        }

        return text;
    }

    /// <summary>An event's place in the order (fixed) and its current entry (swapped as it changes).</summary>
    private sealed class Slot(Entry entry)
    {
        private volatile Entry _entry = entry;

        public DateTimeOffset Date { get; } = entry.Item.EventDate;

        public Guid Id { get; } = entry.Item.Id;

        public Entry Entry
        {
            get => _entry;
            set => _entry = value;
        }
    }

    /// <summary>The listed event and its search text, folded once when the text changes.</summary>
    private sealed class Entry(EventRecord item, string text, string venue)
    {
        public EventRecord Item { get; } = item;

        // name, description and venue, joined by NUL (which no search text holds, so no match spans two fields).
        private string Text { get; } = text;

        private string Venue { get; } = venue;

        public static Entry Of(EventRecord item, Entry? previous)
        {
            var old = previous?.Item;
            if (old is not null && old.Name == item.Name && old.Description == item.Description && old.Venue == item.Venue)
            {
                return new Entry(item, previous!.Text, previous.Venue);
            }

            var venue = AsciiLower(item.Venue);
            return new Entry(item, string.Concat(AsciiLower(item.Name), "\0", AsciiLower(item.Description), "\0", venue), venue);
        }

        public bool Matches(string? text, string? venue) =>
            (text is null || Text.Contains(text, StringComparison.Ordinal)) && (venue is null || Venue.Contains(venue, StringComparison.Ordinal));
    }

    private sealed class SlotOrder : IComparer<Slot>
    {
        public static readonly SlotOrder Instance = new();

        public int Compare(Slot? x, Slot? y)
        {
            var byDate = x!.Date.CompareTo(y!.Date);
            return byDate != 0 ? byDate : x.Id.CompareTo(y.Id);
        }
    }
}
