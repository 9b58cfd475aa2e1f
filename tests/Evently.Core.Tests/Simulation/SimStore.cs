using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The simulation's store: the same rules as PostgreSQL's (version check, the batch guard, the table constraints),
/// every call an I/O the schedule completes when it likes — committed, refused, failed before its commit, committed
/// with its acknowledgement lost, or lost unapplied — and booking reads served from any snapshot between the read's
/// start and its end. It checks the booking path's invariants after every step.
/// </summary>
internal sealed partial class SimStore(Action<string> violation)
{
    private readonly Dictionary<Guid, List<(long Version, Booking Booking)>> _bookings = [];
    private readonly Dictionary<Guid, (WaitlistEntry Entry, int Position)> _waitlist = [];
    private readonly Dictionary<Guid, List<(long Version, Hold Hold)>> _holds = [];

    public IEnumerable<Hold> Holds => _holds.Values.Select(h => h[^1].Hold);

    public Hold? Hold(Guid id) => _holds.TryGetValue(id, out var history) ? history[^1].Hold : null;

    /// <summary>A hold as of some version in [<paramref name="from"/>, now].</summary>
    public Hold? HoldAsOf(Guid id, long from, Random random)
    {
        if (!_holds.TryGetValue(id, out var history))
        {
            return null;
        }

        var version = from + random.NextInt64(Event.Version - from + 1);
        return history.LastOrDefault(h => h.Version <= version).Hold is { } hold ? AsReadById(hold) : null;
    }

    /// <summary>The holds made with these keys as of some version in [<paramref name="from"/>, now].</summary>
    public List<Hold> KeyedHoldsAsOf(IReadOnlyCollection<(Guid UserId, string Key)> keys, long from, Random random)
    {
        var version = from + random.NextInt64(Event.Version - from + 1);
        return _holds.Values
            .Where(h => h[0].Hold.IdempotencyKey is { } key && keys.Contains((h[0].Hold.UserId, key)) && h[0].Version <= version)
            .Select(h => h.Last(v => v.Version <= version).Hold)
            .ToList();
    }

    public EventRecord Event { get; private set; } = null!;

    /// <summary>The seating plan of a seated event.</summary>
    public Domain.Seating.SeatingPlan? Plan { get; set; }

    /// <summary>Every plan a batch has set, by reference: what an accepted change must be among, a refused one never.</summary>
    public HashSet<Domain.Seating.SeatingPlan> PlansCommitted { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary><c>booking_seats</c>: seat → booking.</summary>
    public Dictionary<int, Guid> SoldSeats { get; } = [];

    /// <summary><c>held_seats</c>: seat → hold or promotion.</summary>
    public Dictionary<int, Guid> HeldSeats { get; } = [];

    /// <summary>True while the booking is confirmed (or the hold held): its seat rows must still be there.</summary>
    public bool OwnerIsLive(Guid owner, bool held) =>
        held ? Hold(owner) is { IsActive: true } : Booking(owner) is { Status: BookingStatus.Confirmed };

    public Dictionary<Guid, PromotionWrite> Promotions { get; } = [];

    public List<OutboxMessage> Notifications { get; } = [];

    public int PriceChanges { get; private set; }

    public int IndividualCancellations { get; private set; }

    public int GuardTrips { get; private set; }

    public HashSet<Guid> EventCancelledRecipients { get; } = [];

    public HashSet<Guid> EventCancelledBookings { get; } = [];

    public IEnumerable<Booking> Bookings => _bookings.Values.Select(h => h[^1].Booking);

    public Booking? Booking(Guid id) => _bookings.TryGetValue(id, out var history) ? history[^1].Booking : null;

    public IEnumerable<WaitlistEntry> Waitlist => _waitlist.Values.Select(w => w.Entry);

    public void Create(EventRecord record) => Event = record;

    public StoredEvent Load()
    {
        // As the SQL joins them: one row per active promotion of an entry (the core keeps at most one), or one without.
        // The waitlists table keeps no booking id; active holds are read without their request, as by id.
        var active = Promotions.Values.Where(p => p.Status == "active").ToLookup(p => p.WaitlistId);
        var entries = _waitlist.Values.SelectMany(w => active[w.Entry.Id].DefaultIfEmpty().Select(p => w.Entry with
        {
            BookingId = null,
            Promotion = p is null ? null : new Promotion(p.Id, p.Quantity, p.PromotedAt, p.ExpiresAt),
        })).ToList();
        var seatsByUser = Bookings.Where(b => b.Status == BookingStatus.Confirmed).GroupBy(b => b.UserId).ToDictionary(g => g.Key, g => g.Sum(b => b.Quantity));
        var owners = SoldSeats.Select(s => new Seating.SeatOwner(s.Key, s.Value, false))
            .Concat(HeldSeats.Select(s => new Seating.SeatOwner(s.Key, s.Value, true))).ToList();
        return new StoredEvent(Event, entries, seatsByUser, Holds.Where(h => h.IsActive).Select(AsReadById).ToList(), Plan, owners);
    }

    /// <summary>The bookings made with these keys as of some version in [<paramref name="from"/>, now].</summary>
    public List<Booking> KeyedAsOf(IReadOnlyCollection<(Guid UserId, string Key)> keys, long from, Random random)
    {
        var version = from + random.NextInt64(Event.Version - from + 1);
        var found = new List<Booking>();
        foreach (var history in _bookings.Values)
        {
            var first = history[0].Booking;
            if (first.IdempotencyKey is not { } key || !keys.Contains((first.UserId, key)) || history[0].Version > version)
            {
                continue;
            }

            found.Add(history.Last(h => h.Version <= version).Booking with { Seats = null });
        }

        return found;
    }

    /// <summary>A booking as of some version in [<paramref name="from"/>, now].</summary>
    public Booking? BookingAsOf(Guid id, long from, Random random)
    {
        if (!_bookings.TryGetValue(id, out var history))
        {
            return null;
        }

        var version = from + random.NextInt64(Event.Version - from + 1);
        Booking? found = null;
        foreach (var (v, booking) in history)
        {
            if (v <= version)
            {
                found = booking;
            }
        }

        return found is null ? null : AsReadById(found);
    }

    /// <summary>
    /// Applies a batch as PostgreSQL would, or throws the failure PostgreSQL would report (nothing applied then): a
    /// statement that breaks a constraint fails the batch before its commit (<see cref="StoreFailure.NotCommitted"/>), even
    /// when the version is stale too, as the batch's statements run before the guard counts are read; otherwise a count
    /// the guard expects but does not find (the version among them) is a <see cref="StoreFailure.Conflict"/>.
    /// </summary>
    public long Apply(EventBatch batch, long expected)
    {
        var (failure, why) = ConstraintError(batch, expected) is { } error
            ? (StoreFailure.NotCommitted, error)
            : Refusal(batch, expected) is { } refuse ? (StoreFailure.Conflict, refuse) : (StoreFailure.NotCommitted, null);
        if (why is not null)
        {
            if (Event.Version == expected)
            {
                // An activation that is not behind decided rows the store does not have, or rows PostgreSQL refuses: a bug.
                violation($"the store refused a batch of an up-to-date activation: {why}");
            }

            GuardTrips++;
            throw new EventStoreException(failure, why);
        }

        var version = expected + 1;
        var row = batch.Event;

        // The rules the batch's decisions were made under: the event as stored before it, or as the batch leaves it (the
        // simulation's sale edits carry If-Match, so no batch holds two changes of the rules).
        EventRecord[] rules = [Event, row];
        foreach (var booking in batch.Bookings)
        {
            _bookings[booking.Id] = [(version, booking)];

            // A confirmed checkout hold becomes a booking at confirmation: the seats were taken when the hold was (and its
            // window checked then), a buyer paying when sales close keeps them until expiresAt. A claim of a promotion is
            // kept as the promotion was made, until its window ends.
            if (!TakesNewSeats(batch, booking))
            {
                continue;
            }

            if (!rules.Any(r => r.Sale.PhaseAt(booking.CreatedAt) == Domain.Sales.SalesPhase.Open))
            {
                violation($"booking {booking.Id} decided at {booking.CreatedAt:HH:mm:ss.fff}, outside the sales window [{row.Sale.SalesStartAt:HH:mm:ss.fff}, {row.Sale.SalesEndAt:HH:mm:ss.fff})");
            }
        }

        foreach (var cancelled in batch.Cancellations)
        {
            _bookings[cancelled.Id].Add((version, Booking(cancelled.Id)!.CancelledOn(cancelled.CancelledAt!.Value)));
            IndividualCancellations++;
        }

        ApplyCheckIns(batch, version);

        if (batch.EventCancellation is { } cancellation)
        {
            var recipients = Bookings.Where(b => b.Status == BookingStatus.Confirmed).Select(b => b.UserId)
                .Concat(cancellation.WaitlistRecipients.Select(r => r.UserId)).Distinct().ToList();
            foreach (var user in recipients)
            {
                // One row per user, with the webhook a waitlisted recipient gave.
                var webhook = cancellation.WaitlistRecipients.Where(r => r.UserId == user).Select(r => r.WebhookUrl).FirstOrDefault(w => w is not null);
                Notifications.Add(new OutboxMessage(Guid.NewGuid(), user, "event_cancelled", cancellation.Payload, webhook, cancellation.At));
                if (!EventCancelledRecipients.Add(user))
                {
                    violation($"event_cancelled written twice for user {user}");
                }
            }

            foreach (var booking in Bookings.Where(b => b.Status == BookingStatus.Confirmed).ToList())
            {
                _bookings[booking.Id].Add((version, booking.CancelledOn(cancellation.At)));
                EventCancelledBookings.Add(booking.Id);
            }
        }

        foreach (var write in batch.WaitlistRows)
        {
            // The upsert updates every column but the user (and the event) of an entry that exists.
            var user = _waitlist.TryGetValue(write.Entry.Id, out var stored) ? stored.Entry.UserId : write.Entry.UserId;
            _waitlist[write.Entry.Id] = (write.Entry with { Promotion = null, UserId = user }, write.Position);
        }

        foreach (var promotion in batch.Promotions)
        {
            if (promotion is { IsNew: true, Status: "active" } && _waitlist.Values.Any(w => w.Entry.Id == promotion.WaitlistId && w.Entry.Suspended))
            {
                violation($"promotion {promotion.Id} made for a suspended entry");
            }

            if (promotion.IsNew && !rules.Any(r => Claimable(r, promotion)))
            {
                violation($"promotion {promotion.Id} made at {promotion.PromotedAt:HH:mm:ss.fff}, when nobody could claim it: the event at {row.EventDate:MM-dd HH:mm:ss}, sales [{row.Sale.SalesStartAt:HH:mm:ss.fff}, {row.Sale.SalesEndAt:HH:mm:ss.fff})");
            }

            if (promotion is { Status: "booked", BookingId: { } bookingId }
                && batch.Bookings.FirstOrDefault(b => b.Id == bookingId) is { } claim && claim.CreatedAt >= promotion.ExpiresAt)
            {
                violation($"booking {bookingId} took the seats of promotion {promotion.Id} after it expired");
            }

            Promotions[promotion.Id] = promotion;
        }

        foreach (var write in batch.Holds)
        {
            var hold = write.Hold;
            if (hold.Status == HoldStatus.Confirmed
                && (batch.Bookings.FirstOrDefault(b => b.Id == hold.BookingId) is not { } claim || claim.CreatedAt >= hold.ExpiresAt))
            {
                violation($"hold {hold.Id} confirmed without a booking made before its deadline {hold.ExpiresAt:HH:mm:ss}");
            }

            // Decided under the rules of its turn: a hold made before an edit of the same batch moved the event date (to a
            // date that had passed by the time the edit was decided) was made before the event as it then stood.
            if (write.IsNew && !rules.Any(r => hold.CreatedAt < r.EventDate))
            {
                violation($"hold {hold.Id} made at {hold.CreatedAt:O}, not before the event (dated {Event.EventDate:O}, then {row.EventDate:O})");
            }

            if (write.IsNew && !rules.Any(r => r.Sale.PhaseAt(hold.CreatedAt) == Domain.Sales.SalesPhase.Open))
            {
                violation($"hold {hold.Id} made at {hold.CreatedAt:HH:mm:ss.fff}, outside the sales window");
            }

            if (write.IsNew)
            {
                _holds[hold.Id] = [(version, hold)];
            }
            else
            {
                // The update sets the resolution alone: the row keeps the rest as inserted (its key's request among it, which
                // an activation that loaded the hold, or read it by id, never saw).
                _holds[hold.Id].Add((version, Hold(hold.Id)! with { Status = hold.Status, BookingId = hold.BookingId, ResolvedAt = hold.ResolvedAt }));
            }
        }

        ApplySeats(batch);
        Notifications.AddRange(batch.Notifications);
        PriceChanges += batch.PriceChanges.Count;
        _priceChangeIds.UnionWith(batch.PriceChanges.Select(c => c.Id));
        Event = row with { Version = version };
        CheckLimit(batch, rules);
        return version;
    }

    private string? Refusal(EventBatch batch, long expected)
    {
        if (Event.Version != expected)
        {
            return $"version {Event.Version}, expected {expected}";
        }

        var confirmed = Bookings.Where(b => b.Status == BookingStatus.Confirmed).Select(b => b.Id).ToHashSet();
        confirmed.UnionWith(batch.Bookings.Select(b => b.Id));
        if (batch.Cancellations.Any(c => !confirmed.Remove(c.Id)))
        {
            return "a cancellation found no confirmed booking";
        }

        if (CheckInRefusal(batch, confirmed) is { } checkInRefusal)
        {
            return checkInRefusal;
        }

        if (batch.Promotions.Where(p => !p.IsNew).Any(p => !Promotions.TryGetValue(p.Id, out var stored) || stored.Status != "active"))
        {
            return "a resolved promotion was not active";
        }

        if (SeatRefusal(batch) is { } seatRefusal)
        {
            return seatRefusal;
        }

        if (batch.Holds.Where(h => !h.IsNew).Any(h => Hold(h.Hold.Id) is not { IsActive: true }))
        {
            return "a resolved hold was not held";
        }

        return null;
    }

    /// <summary>
    /// Every user who took new seats in this batch (booked, promoted, held) stays within the per-user limit (the more
    /// generous of the rules the batch was decided under: a limit lowered in it applies to what was decided after).
    /// </summary>
    private void CheckLimit(EventBatch batch, EventRecord[] rules)
    {
        if (rules.Any(r => r.Sale.MaxTicketsPerUser is null))
        {
            return;
        }

        var max = rules.Max(r => r.Sale.MaxTicketsPerUser!.Value);
        var takers = batch.Bookings.Where(b => TakesNewSeats(batch, b)).Select(b => b.UserId)
            .Concat(batch.Promotions.Where(p => p.IsNew).Select(p => _waitlist[p.WaitlistId].Entry.UserId))
            .Concat(batch.Holds.Where(h => h.IsNew).Select(h => h.Hold.UserId));
        foreach (var user in takers.Distinct())
        {
            var confirmed = Bookings.Where(b => b.UserId == user && b.Status == BookingStatus.Confirmed).Sum(b => b.Quantity);
            var held = Promotions.Values.Where(p => p.Status == "active" && _waitlist[p.WaitlistId].Entry.UserId == user).Sum(p => p.Quantity)
                + Holds.Where(h => h.IsActive && h.UserId == user).Sum(h => h.Quantity);
            if (confirmed + held > max)
            {
                violation($"user {user} has {confirmed} confirmed + {held} held seats (promotions and checkout holds), over the limit of {max}");
            }
        }
    }

    /// <summary>The booking path's invariants, as the auditor checks them in SQL.</summary>
    public void CheckInvariants()
    {
        var seats = Event.Seats;
        var sold = Bookings.Where(b => b.Status == BookingStatus.Confirmed).Sum(b => b.Quantity);
        if (seats.AvailableSeats + seats.HeldSeats + sold != seats.TotalCapacity || seats.AvailableSeats < 0 || seats.HeldSeats < 0)
        {
            violation($"seat equation: available {seats.AvailableSeats} + held {seats.HeldSeats} + confirmed {sold} <> capacity {seats.TotalCapacity}");
        }

        var active = Promotions.Values.Where(p => p.Status == "active").ToList();
        var holding = Holds.Where(h => h.IsActive).Sum(h => h.Quantity);
        if (active.Sum(p => p.Quantity) + holding != seats.HeldSeats)
        {
            violation($"held seats {seats.HeldSeats} <> Σ active promotions {active.Sum(p => p.Quantity)} + Σ active holds {holding}");
        }

        foreach (var hold in Holds.Where(h => h.Status == HoldStatus.Confirmed))
        {
            if (hold.BookingId is not { } id || Booking(id) is not { } booking || booking.UserId != hold.UserId || booking.Quantity != hold.Quantity
                || booking.UnitPrice != hold.UnitPrice)
            {
                violation($"confirmed hold {hold.Id} has no booking of its user, quantity and price");
            }
        }

        if (Event.Status == EventStatus.Cancelled && holding > 0)
        {
            violation($"{holding} seats held by checkout holds on a cancelled event");
        }

        foreach (var (entry, _) in _waitlist.Values)
        {
            var count = active.Count(p => p.WaitlistId == entry.Id);
            if ((entry.Status == WaitlistStatus.Promoted) != (count == 1) || count > 1)
            {
                violation($"waitlist entry {entry.Id} is {entry.Status} with {count} active promotions");
            }
        }

        if (Event.Status == EventStatus.Cancelled && sold > 0)
        {
            violation($"{sold} seats confirmed on a cancelled event");
        }

        CheckSeats(sold, active);
        CheckCheckIns();
    }
}
