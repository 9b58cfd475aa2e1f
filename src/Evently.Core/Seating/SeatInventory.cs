using Evently.Core.Batches;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Seating;
using Evently.Domain.Waitlists;

namespace Evently.Core.Seating;

/// <summary>
/// Reserved seating. A seated event keeps one <see cref="SeatMap"/> in memory, moved in the same turn as the seat
/// ledger so that its counts always equal the ledger's, and the seats of every owner (booking, checkout hold, waitlist
/// promotion) by owner id. Every seat change is enlisted in the filling batch as a <see cref="SeatWrite"/>, so the
/// seat rows are written in the transaction that changes the seats. Reads are served from a second map, the seats as
/// committed, which each committed batch moves by its own seat writes (never a copy of the whole map). On a
/// general-admission event there is no map and every call here is a no-op or an early return.
/// </summary>
internal sealed class SeatInventory(Guid eventId)
{
    private readonly Dictionary<Guid, int[]> _seatsOf = [];
    private SeatMap? _live;

    // What the store holds: decisions in the filling or in-flight batch are not in it, and a failed batch never gets in.
    private SeatMap? _committed;

    /// <summary>The seat map as committed, or null for general admission or while a plan's batch is not committed.</summary>
    public SeatMap? CommittedMap => _committed;

    /// <summary>The live map's capacity, or null for general admission.</summary>
    public int? Capacity => _live?.Capacity;

    /// <summary>The seat ids of a booking, hold or promotion that holds seats now; null when it holds none.</summary>
    public IReadOnlyList<string>? IdsOf(Guid owner) =>
        _live is not null && _seatsOf.TryGetValue(owner, out var seats) ? Ids(seats) : null;

    /// <summary>The seats the owner holds, whether or not the event is seated; null when none.</summary>
    public int[]? OwnedBy(Guid owner) => _seatsOf.GetValueOrDefault(owner);

    /// <summary>True when the event is seated and the owner does not hold exactly <paramref name="quantity"/> seats.</summary>
    public bool LacksSeats(Guid owner, int quantity) =>
        _live is not null && (!_seatsOf.TryGetValue(owner, out var seats) || seats.Length != quantity);

    /// <summary>A new plan's map replaces the live one (allowed only while no seat is sold or held).</summary>
    public void UsePlan(SeatMap map)
    {
        _live = map;
        _seatsOf.Clear();
    }

    /// <summary>
    /// The seats a request gets, changing nothing; or the refusal with the seats at fault. <paramref name="own"/> are
    /// seats the user holds in a waitlist promotion: usable as if available, and used first by a best-available request.
    /// Null seats (and no refusal) on a general-admission event. A refusal for seats together that are free but not next
    /// to each other tells the longest run there is.
    /// </summary>
    public (int[]? Seats, BookingOutcome? Refusal, IReadOnlyList<string>? AtFault, int? LongestRun) Choose(int quantity, SeatRequest? request, int[]? own)
    {
        if (_live is not { } map)
        {
            if (request is { IsSpecific: true } or { Section: not null })
            {
                return (null, BookingOutcome.InvalidSeats, Array.Empty<string>(), null);
            }

            return (null, null, null, null);
        }

        if (request is { IsSpecific: true, Seats: { } named })
        {
            var seats = new int[named.Count];
            var unknown = new List<string>();
            for (var i = 0; i < named.Count; i++)
            {
                if (!map.TryFind(named[i], out seats[i]))
                {
                    unknown.Add(named[i]);
                }
            }

            if (unknown.Count > 0 || seats.Distinct().Count() != seats.Length || seats.Length != quantity)
            {
                return (null, BookingOutcome.InvalidSeats, unknown, null);
            }

            var gone = map.NotAvailable(seats).Where(s => own is null || Array.IndexOf(own, s) < 0).ToList();
            if (gone.Count > 0)
            {
                return (null, BookingOutcome.SeatsTaken, Ids(gone), null);
            }

            return (seats, null, null, null);
        }

        int? section = null;
        if (request?.Section is { } name && (section = map.SectionIndex(name)) is null)
        {
            return (null, BookingOutcome.InvalidSeats, Array.Empty<string>(), null);
        }

        var mine = own is null ? Array.Empty<int>() : own.Take(quantity).ToArray();
        if (mine.Length == quantity)
        {
            return (mine, null, null, null);
        }

        var needed = quantity - mine.Length;
        var together = request?.Together ?? false;
        var extra = map.FindBestAvailable(needed, section, together);
        if (extra is null)
        {
            // Enough seats are free where the request looked, only not that many next to each other: the client may ask
            // for fewer together, or for them apart, so it is told so and how long a run there is, not that all are gone.
            return together && map.AvailableIn(section) >= needed
                ? (null, BookingOutcome.NoAdjacentSeats, null, map.LongestRun(section))
                : (null, BookingOutcome.SoldOut, null, null);
        }

        return (mine.Concat(extra).ToArray(), null, null, null);
    }

    /// <summary>
    /// The unit price and total of a request for seats at <paramref name="price"/> (the event's, of which
    /// <paramref name="basePrice"/> is the undemanded one): category prices (times the demand step) where the plan has them.
    /// </summary>
    public (decimal Unit, decimal Total) PriceOf(int[]? seats, int quantity, decimal price, decimal basePrice)
    {
        if (seats is null || _live is not { Plan.Categories.Count: > 0 } map)
        {
            return (price, BookingRules.Total(price, quantity));
        }

        // A booking has one unit price: across categories it is the seats' average, rounded to cents (total = unit x quantity).
        var step = basePrice == 0 ? 1m : price / basePrice;
        var sum = seats.Sum(s => map.CategoryPrice(s) is { } category ? category * step : price);
        var unit = decimal.Round(sum / seats.Length, 2, MidpointRounding.AwayFromZero);
        return (unit, BookingRules.Total(unit, quantity));
    }

    /// <summary>The owner takes available seats (held, or sold), enlisted in <paramref name="filling"/>.</summary>
    public void Take(Guid owner, int[] seats, bool held, EventBatch filling)
    {
        _live!.Move(seats, SeatState.Available, held ? SeatState.Held : SeatState.Sold);
        _seatsOf[owner] = seats;
        filling.Seats.Add(new SeatWrite(owner, held, seats, Take: true));
    }

    /// <summary>The owner's seats go back to available, enlisted in <paramref name="filling"/>; null when it holds none.</summary>
    public int[]? Free(Guid owner, bool held, EventBatch filling)
    {
        if (_live is null || !_seatsOf.Remove(owner, out var seats))
        {
            return null;
        }

        _live.Move(seats, held ? SeatState.Held : SeatState.Sold, SeatState.Available);
        filling.Seats.Add(new SeatWrite(owner, held, seats, Take: false));
        return seats;
    }

    /// <summary>A confirmed hold's seats become the booking's, sold.</summary>
    public int[]? SellHeld(Guid holdId, Guid bookingId, EventBatch filling)
    {
        if (_live is null || !_seatsOf.Remove(holdId, out var seats))
        {
            return null;
        }

        _live.Move(seats, SeatState.Held, SeatState.Sold);
        _seatsOf[bookingId] = seats;
        filling.Seats.Add(new SeatWrite(holdId, Held: true, seats, Take: false));
        filling.Seats.Add(new SeatWrite(bookingId, Held: false, seats, Take: true));
        return seats;
    }

    /// <summary>A waitlist change moves a promotion's seats: a promotion holds the best available, an expired or released one frees them.</summary>
    public void Follow(WaitlistChange change, EventBatch filling)
    {
        if (_live is null || change.Promotion is not { } promotion)
        {
            return;
        }

        if (change.Kind == WaitlistChangeKind.Promoted)
        {
            // The ledger promoted it, and the map's free seats always equal the ledger's: the seats are there.
            var seats = _live.FindBestAvailable(promotion.Quantity, together: true)
                ?? _live.FindBestAvailable(promotion.Quantity, together: false)
                ?? throw new InvalidOperationException($"Event {eventId}: the seat map has fewer free seats than the ledger.");
            Take(promotion.Id, seats, held: true, filling);
        }
        else if (change.Kind is WaitlistChangeKind.Expired or WaitlistChangeKind.Left or WaitlistChangeKind.Suspended)
        {
            Free(promotion.Id, held: true, filling);
        }
    }

    /// <summary>The event was cancelled: every seat is free again (the store deletes every seat row of the event).</summary>
    public void FreeAll()
    {
        _live?.Clear();
        _seatsOf.Clear();
    }

    /// <summary>
    /// The plan and the seats that are not available, as the store holds them, at activation; returns why they disagree
    /// with the <paramref name="ledger"/>'s counts, or null when they agree (or the event is not seated).
    /// </summary>
    public string? Load(SeatingPlan? plan, IReadOnlyList<SeatOwner>? owners, SeatLedger ledger)
    {
        _seatsOf.Clear();
        _live = plan is null ? null : new SeatMap(plan);
        _committed = plan is null ? null : new SeatMap(plan);
        if (_live is null)
        {
            return null;
        }

        foreach (var group in (owners ?? []).GroupBy(o => (o.Owner, o.Held)))
        {
            var seats = group.Select(o => o.Seat).Order().ToArray();
            var state = group.Key.Held ? SeatState.Held : SeatState.Sold;
            _live.Move(seats, SeatState.Available, state);
            _committed!.Move(seats, SeatState.Available, state);
            _seatsOf[group.Key.Owner] = seats;
        }

        return _live.Capacity != ledger.TotalCapacity || _live.Available != ledger.AvailableSeats || _live.Held != ledger.HeldSeats
            ? $"Event {eventId}: the stored seats ({_live.Available} available, {_live.Held} held of {_live.Capacity}) disagree with its counts."
            : null;
    }

    /// <summary>A batch leaves: an owner that took and gave back its seats within it leaves no rows.</summary>
    public static void MergeRows(EventBatch batch)
    {
        if (batch.Seats.Count < 2)
        {
            return;
        }

        var taken = batch.Seats.Where(w => w.Take).Select(w => w.Owner).ToHashSet();
        var both = batch.Seats.Where(w => !w.Take && taken.Contains(w.Owner)).Select(w => w.Owner).ToHashSet();
        if (both.Count > 0)
        {
            batch.Seats.RemoveAll(w => both.Contains(w.Owner));
        }
    }

    /// <summary>
    /// A batch is durable: the committed map moves as the store's seat rows did (given-back rows deleted, then taken rows
    /// inserted). A plan set in the batch starts a fresh map: it could only be set with no seat sold or held, so every
    /// seat given back in that batch was the old plan's, and every seat taken is the new one's. A cancelled event frees all.
    /// </summary>
    public void Committed(EventBatch batch)
    {
        if (batch.SeatingPlan is { } plan)
        {
            _committed = new SeatMap(plan);
        }

        if (_committed is not { } map)
        {
            return;
        }

        if (batch.EventCancellation is not null)
        {
            map.Clear();
            return;
        }

        foreach (var write in batch.Seats)
        {
            if (!write.Take && batch.SeatingPlan is null)
            {
                map.Move(write.Seats, write.Held ? SeatState.Held : SeatState.Sold, SeatState.Available);
            }
        }

        foreach (var write in batch.Seats)
        {
            if (write.Take)
            {
                map.Move(write.Seats, SeatState.Available, write.Held ? SeatState.Held : SeatState.Sold);
            }
        }
    }

    /// <summary>The ids of seats of the live map.</summary>
    public List<string> Ids(IEnumerable<int> seats) => seats.Select(_live!.SeatId).ToList();
}
