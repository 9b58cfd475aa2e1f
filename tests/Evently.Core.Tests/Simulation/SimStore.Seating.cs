using Evently.Core.Batches;
using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The seat rows as PostgreSQL holds them: <c>booking_seats</c> and <c>held_seats</c>, one row per seat that is not
/// available, keyed by seat in each table. A batch frees its owners' rows (as many as it gives back) before it takes new
/// ones (a seat with a row already in that table is a key violation); an event's cancellation deletes every row.
/// </summary>
internal sealed partial class SimStore
{
    /// <summary>
    /// The guard on given-back seats, as the SQL counts it: per table, every row of the owners that give seats back is
    /// deleted, and their number must be the number of seats the batch gives back.
    /// </summary>
    private string? SeatRefusal(EventBatch batch)
    {
        foreach (var held in new[] { false, true })
        {
            var given = batch.Seats.Where(w => !w.Take && w.Held == held).ToList();
            var owners = given.Select(w => w.Owner).ToHashSet();
            var deleted = (held ? HeldSeats : SoldSeats).Count(r => owners.Contains(r.Value));
            if (given.Count > 0 && deleted != given.Sum(w => w.Seats.Length))
            {
                return $"freeing {given.Sum(w => w.Seats.Length)} {(held ? "held" : "sold")} seats of [{string.Join(",", owners)}] found {deleted} rows";
            }
        }

        return null;
    }

    /// <summary>
    /// A seat taken that still has a row in its table once the given-back owners' rows are gone: the primary key refuses
    /// it. booking_seats and held_seats are keyed apart, so only the table a seat goes into counts here.
    /// </summary>
    private string? SeatError(EventBatch batch)
    {
        if (batch.Seats.Count > 0 && Plan is null && batch.SeatingPlan is null)
        {
            // No key refuses them, so PostgreSQL writes them; the core must never decide them.
            violation("seat rows for an event without a plan");
        }

        foreach (var held in new[] { false, true })
        {
            var owners = batch.Seats.Where(w => !w.Take && w.Held == held).Select(w => w.Owner).ToHashSet();
            var rows = (held ? HeldSeats : SoldSeats).Where(r => !owners.Contains(r.Value)).Select(r => r.Key).ToHashSet();
            foreach (var write in batch.Seats.Where(w => w.Take && w.Held == held))
            {
                if (write.Seats.FirstOrDefault(seat => !rows.Add(seat), -1) is var seat and >= 0)
                {
                    return $"seat {seat} taken by {write.Owner} while it has a {(held ? "held" : "sold")} row";
                }
            }
        }

        return null;
    }

    private void ApplySeats(EventBatch batch)
    {
        foreach (var write in batch.Seats.Where(w => !w.Take))
        {
            // Every row of the owner goes, as the SQL deletes them (the guard saw as many as the batch gives back).
            var rows = write.Held ? HeldSeats : SoldSeats;
            foreach (var seat in rows.Where(r => r.Value == write.Owner).Select(r => r.Key).ToList())
            {
                rows.Remove(seat);
            }
        }

        if (batch.SeatingPlan is { } plan)
        {
            // A plan is set only while no seat is sold or held, judged against what is committed: once this batch has
            // given back what it frees, no row of the old plan may be left to mean another seat of the new one.
            foreach (var (seat, owner) in SoldSeats.Select(s => (s.Key, s.Value)).Concat(HeldSeats.Select(s => (s.Key, s.Value))))
            {
                violation($"the plan was replaced while seat {seat} was sold or held by {owner}");
            }

            Plan = plan;
            PlansCommitted.Add(plan);
        }

        foreach (var write in batch.Seats.Where(w => w.Take))
        {
            foreach (var seat in write.Seats)
            {
                (write.Held ? HeldSeats : SoldSeats)[seat] = write.Owner;
            }
        }

        if (batch.EventCancellation is not null)
        {
            SoldSeats.Clear();
            HeldSeats.Clear();
        }
    }

    /// <summary>
    /// Every seat in exactly one state, the rows' counts equal the events row's, every sold seat in one confirmed
    /// booking of as many seats, every held seat in one active hold or promotion of as many seats.
    /// </summary>
    private void CheckSeats(int sold, List<PromotionWrite> active)
    {
        if (Plan is null)
        {
            if (SoldSeats.Count + HeldSeats.Count > 0)
            {
                violation($"{SoldSeats.Count + HeldSeats.Count} seat rows on a general-admission event");
            }

            return;
        }

        foreach (var outside in SoldSeats.Keys.Concat(HeldSeats.Keys).Where(seat => seat < 0 || seat >= Plan.SeatCount))
        {
            violation($"seat {outside} has a row, the plan has {Plan.SeatCount} seats");
        }

        foreach (var both in SoldSeats.Keys.Intersect(HeldSeats.Keys))
        {
            violation($"seat {both} is both sold and held");
        }

        if (SoldSeats.Count != sold || HeldSeats.Count != Event.Seats.HeldSeats || Plan.SeatCount != Event.Seats.TotalCapacity)
        {
            violation($"seat rows: {SoldSeats.Count} sold, {HeldSeats.Count} held of {Plan.SeatCount}; events row: {sold} sold, {Event.Seats.HeldSeats} held of {Event.Seats.TotalCapacity}");
        }

        foreach (var booking in Bookings.Where(b => b.Status == BookingStatus.Confirmed))
        {
            var seats = SoldSeats.Count(s => s.Value == booking.Id);
            if (seats != booking.Quantity)
            {
                violation($"confirmed booking {booking.Id} of {booking.Quantity} seats has {seats} seat rows");
            }
        }

        foreach (var owner in SoldSeats.Values.Distinct().Where(o => Booking(o) is not { Status: BookingStatus.Confirmed }))
        {
            violation($"seats sold to {owner}, which is no confirmed booking");
        }

        var holders = active.ToDictionary(p => p.Id, p => p.Quantity);
        foreach (var hold in Holds.Where(h => h.IsActive))
        {
            holders[hold.Id] = hold.Quantity;
        }

        foreach (var (owner, quantity) in holders)
        {
            var seats = HeldSeats.Count(s => s.Value == owner);
            if (seats != quantity)
            {
                violation($"active holder {owner} of {quantity} seats has {seats} held seat rows");
            }
        }

        foreach (var owner in HeldSeats.Values.Distinct().Where(o => !holders.ContainsKey(o)))
        {
            violation($"seats held by {owner}, which is no active hold or promotion");
        }

    }
}
