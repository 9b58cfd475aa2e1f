using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Seating;
using Evently.Domain.Events;
using Evently.Domain.Seating;
using Evently.Domain.Waitlists;
using Evently.Domain.Bookings;

namespace Evently.Core;

/// <summary>
/// Reserved seating. A seated event keeps one <see cref="SeatMap"/> in memory, moved in the same turn as the seat
/// ledger so that its counts always equal the ledger's, and the seats of every owner (booking, checkout hold, waitlist
/// promotion) by owner id. Every seat change is enlisted in the filling batch as a <see cref="SeatWrite"/>, so the
/// seat rows are written in the transaction that changes the seats. Reads are served from a second map, the seats as
/// committed, which each committed batch moves by its own seat writes (never a copy of the whole map).
/// </summary>
public sealed partial class EventCore
{
    private readonly Dictionary<Guid, int[]> _seatsOf = [];
    private SeatMap? _seating;

    // What the store holds: decisions in the filling or in-flight batch are not in it, and a failed batch never gets in.
    private SeatMap? _committedSeating;

    /// <summary>
    /// The seat map as committed (what the last committed batch made durable), or null for general admission or while a
    /// plan's batch is not committed: what reads show. Decisions are made against the live map, which runs ahead of it.
    /// </summary>
    public SeatMap? Seating => _committedSeating;

    /// <summary>The seat ids of a booking, hold or promotion that holds seats now; null when it holds none.</summary>
    public IReadOnlyList<string>? SeatIdsOf(Guid owner) =>
        _seating is not null && _seatsOf.TryGetValue(owner, out var seats) ? Ids(seats) : null;

    /// <summary>
    /// Sets the event's seating plan (validated by <see cref="SeatingPlanRules"/>): allowed while no seat is sold or
    /// held. The capacity becomes the plan's seat count; waiting entries are promoted into the new seats.
    /// </summary>
    public async Task<EventAnswer> SetSeatingPlanAsync(SeatingPlan plan)
    {
        if (_live is null)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        if (IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        if (SeatingPlanRules.Validate(plan).Count > 0)
        {
            throw new ArgumentException("The seating plan is not valid: the front end validates it first.", nameof(plan));
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        var map = new SeatMap(plan);
        if (_live.Seats.SoldSeats + _live.Seats.HeldSeats > 0 || !_live.Seats.TryResize(map.Capacity, out var seats))
        {
            return EventAnswer.Of(EventOutcome.SeatsInUse);
        }

        _seating = map;
        _seatsOf.Clear();
        ApplySeats(seats);
        _commits.Filling.SeatingPlan = plan;
        PromoteWaiting(_time.GetUtcNow());
        _pendingEdits++;
        _commits.Filling.Edits++;
        var fate = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        return ToEventAnswer(await fate);
    }

    /// <summary>
    /// The seats a request gets, decided in the caller's turn and changing nothing; or the refusal with the seats at
    /// fault. <paramref name="own"/> are seats the user holds in a waitlist promotion: usable as if available, and used
    /// first by a best-available request. Null seats (and no refusal) on a general-admission event.
    /// </summary>
    private (int[]? Seats, BookingOutcome? Refusal, IReadOnlyList<string>? AtFault) ChooseSeats(int quantity, SeatRequest? request, int[]? own = null)
    {
        if (_seating is not { } map)
        {
            if (request is { IsSpecific: true } or { Section: not null })
            {
                return (null, BookingOutcome.InvalidSeats, Array.Empty<string>());
            }

            return (null, null, null);
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
                return (null, BookingOutcome.InvalidSeats, unknown);
            }

            var gone = map.NotAvailable(seats).Where(s => own is null || Array.IndexOf(own, s) < 0).ToList();
            if (gone.Count > 0)
            {
                return (null, BookingOutcome.SeatsTaken, Ids(gone));
            }

            return (seats, null, null);
        }

        int? section = null;
        if (request?.Section is { } name && (section = map.SectionIndex(name)) is null)
        {
            return (null, BookingOutcome.InvalidSeats, Array.Empty<string>());
        }

        var mine = own is null ? Array.Empty<int>() : own.Take(quantity).ToArray();
        if (mine.Length == quantity)
        {
            return (mine, null, null);
        }

        var extra = map.FindBestAvailable(quantity - mine.Length, section, request?.Together ?? false);
        if (extra is null)
        {
            return (null, BookingOutcome.SoldOut, null);
        }

        return (mine.Concat(extra).ToArray(), null, null);
    }

    /// <summary>The unit price and total of a request for seats: category prices (times the demand step) where the plan has them.</summary>
    private (decimal Unit, decimal Total) PriceOf(int[]? seats, int quantity)
    {
        var price = _live!.Price;
        if (seats is null || _seating is not { Plan.Categories.Count: > 0 } map)
        {
            return (price, BookingRules.Total(price, quantity));
        }

        // A booking has one unit price: across categories it is the seats' average, rounded to cents (total = unit x quantity).
        var step = _live.BasePrice == 0 ? 1m : price / _live.BasePrice;
        var sum = seats.Sum(s => map.CategoryPrice(s) is { } category ? category * step : price);
        var unit = decimal.Round(sum / seats.Length, 2, MidpointRounding.AwayFromZero);
        return (unit, BookingRules.Total(unit, quantity));
    }

    /// <summary>The owner takes available seats (held, or sold), enlisted in the filling batch.</summary>
    private void TakeSeats(Guid owner, int[] seats, bool held)
    {
        _seating!.Move(seats, SeatState.Available, held ? SeatState.Held : SeatState.Sold);
        _seatsOf[owner] = seats;
        _commits.Filling.Seats.Add(new SeatWrite(owner, held, seats, Take: true));
    }

    /// <summary>The owner's seats go back to available, enlisted in the filling batch; null when it holds none.</summary>
    private int[]? FreeSeats(Guid owner, bool held)
    {
        if (_seating is null || !_seatsOf.Remove(owner, out var seats))
        {
            return null;
        }

        _seating.Move(seats, held ? SeatState.Held : SeatState.Sold, SeatState.Available);
        _commits.Filling.Seats.Add(new SeatWrite(owner, held, seats, Take: false));
        return seats;
    }

    /// <summary>A confirmed hold's seats become the booking's, sold.</summary>
    private int[]? SellHeldSeats(Guid holdId, Guid bookingId)
    {
        if (_seating is null || !_seatsOf.Remove(holdId, out var seats))
        {
            return null;
        }

        _seating.Move(seats, SeatState.Held, SeatState.Sold);
        _seatsOf[bookingId] = seats;
        _commits.Filling.Seats.Add(new SeatWrite(holdId, Held: true, seats, Take: false));
        _commits.Filling.Seats.Add(new SeatWrite(bookingId, Held: false, seats, Take: true));
        return seats;
    }

    /// <summary>A waitlist change moves a promotion's seats: a promotion holds the best available, an expired or released one frees them.</summary>
    private void SeatsFollow(WaitlistChange change)
    {
        if (_seating is null || change.Promotion is not { } promotion)
        {
            return;
        }

        if (change.Kind == WaitlistChangeKind.Promoted)
        {
            // The ledger promoted it, and the map's free seats always equal the ledger's: the seats are there.
            var seats = _seating.FindBestAvailable(promotion.Quantity, together: true)
                ?? _seating.FindBestAvailable(promotion.Quantity, together: false)
                ?? throw new InvalidOperationException($"Event {_id}: the seat map has fewer free seats than the ledger.");
            TakeSeats(promotion.Id, seats, held: true);
        }
        else if (change.Kind is WaitlistChangeKind.Expired or WaitlistChangeKind.Left or WaitlistChangeKind.Suspended)
        {
            FreeSeats(promotion.Id, held: true);
        }
    }

    /// <summary>The event was cancelled: every seat is free again (the store deletes every seat row of the event).</summary>
    private void FreeAllSeats()
    {
        _seating?.Clear();
        _seatsOf.Clear();
    }

    /// <summary>The plan and the seats that are not available, as the store holds them, at activation.</summary>
    private void LoadSeating(SeatingPlan? plan, IReadOnlyList<SeatOwner>? owners)
    {
        _seatsOf.Clear();
        _seating = plan is null ? null : new SeatMap(plan);
        _committedSeating = plan is null ? null : new SeatMap(plan);
        if (_seating is null)
        {
            return;
        }

        foreach (var group in (owners ?? []).GroupBy(o => (o.Owner, o.Held)))
        {
            var seats = group.Select(o => o.Seat).Order().ToArray();
            var state = group.Key.Held ? SeatState.Held : SeatState.Sold;
            _seating.Move(seats, SeatState.Available, state);
            _committedSeating!.Move(seats, SeatState.Available, state);
            _seatsOf[group.Key.Owner] = seats;
        }

        var ledger = _live!.Seats;
        if (_seating.Capacity != ledger.TotalCapacity || _seating.Available != ledger.AvailableSeats || _seating.Held != ledger.HeldSeats)
        {
            Fail(new InvalidOperationException(
                $"Event {_id}: the stored seats ({_seating.Available} available, {_seating.Held} held of {_seating.Capacity}) disagree with its counts."));
        }
    }

    /// <summary>A batch leaves: an owner that took and gave back its seats within it leaves no rows.</summary>
    private static void SeatRows(EventBatch batch)
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
    private void SeatsCommitted(EventBatch batch)
    {
        if (batch.SeatingPlan is { } plan)
        {
            _committedSeating = new SeatMap(plan);
        }

        if (_committedSeating is not { } map)
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

    private List<string> Ids(IEnumerable<int> seats) => seats.Select(_seating!.SeatId).ToList();
}
