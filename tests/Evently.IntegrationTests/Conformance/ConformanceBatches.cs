using Evently.Core;
using Evently.Core.Batches;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;

namespace Evently.IntegrationTests.Conformance;

/// <summary>
/// Builds each step's batch as the core would decide it from the simulated store's state (which, while the stores agree,
/// is the PostgreSQL store's too), or a faulty one: a second use of an idempotency key, an id or a booking reference, a
/// seat that is taken, an oversold or otherwise unconstrained events row, a cancellation or resolution that finds no
/// live row, a row that refers to nothing. Enumerates the simulated store in insertion order, so a case replays alike.
/// </summary>
internal sealed partial class ConformanceBatches(SimStore sim, Guid eventId)
{
    private readonly Guid[] _users = [.. Enumerable.Range(0, 4).Select(_ => Guid.CreateVersion7())];
    private int _serial;

    /// <summary>Every booking id a batch named (made, cancelled or made up).</summary>
    public List<Guid> BookingIds { get; } = [];

    /// <summary>Every hold id a batch named.</summary>
    public List<Guid> HoldIds { get; } = [];

    /// <summary>Every (user, key) pair a booking or hold was made with, and one never used.</summary>
    public List<(Guid UserId, string Key)> Keys { get; } = [];

    public EventBatch Build(BatchStep step, DateTimeOffset now)
    {
        var batch = new EventBatch();
        var row = sim.Event with { UpdatedAt = now };
        batch.Event = step.Kind switch
        {
            StepKind.Book => Book(batch, row, step, now),
            StepKind.Cancel => Cancel(batch, row, step, now),
            StepKind.Hold => Hold(batch, row, step, now),
            StepKind.ResolveHold => ResolveHold(batch, row, step, now),
            StepKind.Join => Join(batch, row, step, now),
            StepKind.Leave => Leave(batch, row, step),
            StepKind.Promote => Promote(batch, row, step, now),
            StepKind.ResolvePromotion => ResolvePromotion(batch, row, step, now),
            StepKind.Price => Price(batch, row, step, now),
            StepKind.Notify => Notify(batch, row, step, now),
            StepKind.Edit => Edit(row, step),
            StepKind.CancelEvent => CancelEvent(batch, row, now),
            StepKind.CheckIn => CheckIn(batch, row, step, now),
            _ => row,
        };
        return batch;
    }

    /// <summary>The batch that gives a seated event its plan: rows of three seats.</summary>
    public EventBatch Plan(int capacity, DateTimeOffset now)
    {
        var rows = Enumerable.Range(0, (capacity + 2) / 3).Select(r => new Domain.Seating.PlanRow($"{r + 1}", Math.Min(3, capacity - r * 3))).ToList();
        var batch = new EventBatch { Event = sim.Event with { UpdatedAt = now } };
        batch.SeatingPlan = new Domain.Seating.SeatingPlan([new Domain.Seating.PlanSection("A", rows)]);
        return batch;
    }

    private static Guid NewId(List<Guid>? into = null)
    {
        var id = Guid.CreateVersion7();
        into?.Add(id);
        return id;
    }

    private string NewKey(Guid user)
    {
        var key = $"key-{++_serial}";
        Keys.Add((user, key));
        return key;
    }

    private EventRecord Book(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var user = _users[step.User];
        var quantity = 1 + step.N % 3;
        var key = step.N % 2 == 0 ? NewKey(user) : null;
        var id = NewId(BookingIds);
        var reference = $"C{Guid.CreateVersion7():N}"[..16];
        var first = sim.Bookings.FirstOrDefault();
        switch (step.Fault)
        {
            case 1 when sim.Bookings.FirstOrDefault(b => b.IdempotencyKey is not null) is { } keyed:
                (user, key) = (keyed.UserId, keyed.IdempotencyKey);
                break;
            case 2 when first is not null:
                id = first.Id;
                break;
            case 3 when first is not null:
                reference = first.BookingRef;
                break;
            case 4:
                // More than there is: on a seated event also a seat that is taken, when one is.
                quantity = row.Seats.AvailableSeats + 1;
                break;
        }

        batch.Bookings.Add(new Booking(id, reference, eventId, user, quantity, row.Price, row.Price * quantity, BookingStatus.Confirmed, now, null,
            key, key is null ? null : $"book {quantity}"));
        if (sim.Plan is not null)
        {
            var seats = FreeSeats().Take(quantity).ToList();
            if (step.Fault == 4 && Taken().FirstOrDefault(-1) is var taken and >= 0)
            {
                seats.Add(taken);
            }

            batch.Seats.Add(new SeatWrite(id, false, [.. seats], true));
        }

        return row with { Seats = row.Seats with { AvailableSeats = row.Seats.AvailableSeats - quantity } };
    }

    private EventRecord Cancel(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var confirmed = sim.Bookings.Where(b => b.Status == BookingStatus.Confirmed).ToList();
        var cancelled = sim.Bookings.Where(b => b.Status == BookingStatus.Cancelled).ToList();
        var booking = (step.Fault, confirmed.Count, cancelled.Count) switch
        {
            (0 or 3 or 4, > 0, _) => confirmed[step.N % confirmed.Count],
            (1, _, > 0) => cancelled[step.N % cancelled.Count],
            _ => new Booking(NewId(BookingIds), "unknown", eventId, _users[step.User], 1, row.Price, row.Price, BookingStatus.Confirmed, now, null, null),
        };
        batch.Cancellations.Add(booking.CancelledOn(now));
        if (step.Fault == 3)
        {
            // The same booking cancelled twice in one batch.
            batch.Cancellations.Add(booking.CancelledOn(now));
        }

        if (Owned(booking.Id, held: false) is { Length: > 0 } seats)
        {
            if (step.Fault == 4 && FreeSeats().FirstOrDefault(-1) is var free and >= 0)
            {
                // As many seats as the booking has, one of them not its own.
                seats[0] = free;
            }

            batch.Seats.Add(new SeatWrite(booking.Id, false, seats, false));
        }

        var available = Math.Min(row.Seats.TotalCapacity - row.Seats.HeldSeats, row.Seats.AvailableSeats + booking.Quantity);
        return row with { Seats = row.Seats with { AvailableSeats = available } };
    }

    private EventRecord Hold(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var user = _users[step.User];
        var quantity = 1 + step.N % 2;
        var key = step.N % 3 == 0 ? NewKey(user) : null;
        var id = NewId(HoldIds);
        var first = sim.Holds.FirstOrDefault();
        switch (step.Fault)
        {
            case 1 when sim.Holds.FirstOrDefault(h => h.IdempotencyKey is not null) is { } keyed:
                (user, key) = (keyed.UserId, keyed.IdempotencyKey);
                break;
            case 2 when first is not null:
                id = first.Id;
                break;
            case 3 or 4:
                quantity = row.Seats.AvailableSeats + 1;
                break;
        }

        batch.Holds.Add(new HoldWrite(new Hold(id, eventId, user, quantity, row.Price, row.Price * quantity, HoldStatus.Held,
            now.AddMinutes(row.HoldMinutes), null, now, null, key, key is null ? null : $"hold {quantity}"), IsNew: true));
        if (sim.Plan is not null)
        {
            var seats = FreeSeats().Take(quantity).ToList();
            if (step.Fault == 4 && Taken().FirstOrDefault(-1) is var taken and >= 0)
            {
                seats.Add(taken);
            }

            batch.Seats.Add(new SeatWrite(id, true, [.. seats], true));
        }

        return row with { Seats = row.Seats with { AvailableSeats = row.Seats.AvailableSeats - quantity, HeldSeats = row.Seats.HeldSeats + quantity } };
    }

    private EventRecord ResolveHold(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var active = sim.Holds.Where(h => h.IsActive).ToList();
        var resolved = sim.Holds.Where(h => !h.IsActive).ToList();
        var hold = (step.Fault, active.Count, resolved.Count) switch
        {
            (0 or 3 or 4, > 0, _) => active[step.N % active.Count],
            (1, _, > 0) => resolved[step.N % resolved.Count],
            _ => new Hold(NewId(HoldIds), eventId, _users[step.User], 1, row.Price, row.Price, HoldStatus.Held, now.AddMinutes(5), null, now, null, null),
        };
        var seats = Owned(hold.Id, held: true);
        if (step.Fault == 4 && seats.Length > 0)
        {
            // Gives back one seat fewer than the hold has.
            seats = seats[1..];
        }

        if (seats.Length > 0)
        {
            batch.Seats.Add(new SeatWrite(hold.Id, true, seats, false));
        }

        var ledger = row.Seats with { HeldSeats = Math.Max(0, row.Seats.HeldSeats - hold.Quantity) };
        if (step.N % 3 == 0)
        {
            var booking = new Booking(NewId(BookingIds), $"C{Guid.CreateVersion7():N}"[..16], eventId, hold.UserId, hold.Quantity, hold.UnitPrice,
                hold.TotalAmount, BookingStatus.Confirmed, now, null, null);
            batch.Bookings.Add(booking);
            // Fault 3: confirmed with a booking that is not written.
            batch.Holds.Add(new HoldWrite(hold.Resolved(HoldStatus.Confirmed, now, step.Fault == 3 ? Guid.CreateVersion7() : booking.Id), IsNew: false));
            if (seats.Length > 0)
            {
                batch.Seats.Add(new SeatWrite(booking.Id, false, seats, true));
            }

            return row with { Seats = ledger };
        }

        batch.Holds.Add(new HoldWrite(hold.Resolved(step.N % 3 == 1 ? HoldStatus.Released : HoldStatus.Expired, now), IsNew: false));
        return row with { Seats = ledger with { AvailableSeats = Math.Min(ledger.TotalCapacity - ledger.HeldSeats, ledger.AvailableSeats + hold.Quantity) } };
    }

    private IEnumerable<int> FreeSeats() =>
        Enumerable.Range(0, sim.Plan!.SeatCount).Where(s => !sim.SoldSeats.ContainsKey(s) && !sim.HeldSeats.ContainsKey(s));

    private IEnumerable<int> Taken() => sim.SoldSeats.Keys.Concat(sim.HeldSeats.Keys).Order();

    private int[] Owned(Guid owner, bool held) => [.. (held ? sim.HeldSeats : sim.SoldSeats).Where(s => s.Value == owner).Select(s => s.Key).Order()];
}
