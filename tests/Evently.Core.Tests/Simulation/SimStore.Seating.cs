using Evently.Core.Batches;
using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The seat rows as PostgreSQL holds them: <c>booking_seats</c> and <c>held_seats</c>, one row per seat that is not
/// available, keyed by seat. A batch frees its owners' rows (each must be there, exactly) before it takes new ones (a
/// seat with a row already is a key violation); an event's cancellation deletes every row.
/// </summary>
internal sealed partial class SimStore
{
    private string? SeatRefusal(EventBatch batch)
    {
        if (batch.Seats.Count == 0)
        {
            return null;
        }

        if (Plan is null && batch.SeatingPlan is null)
        {
            return "seat rows for an event without a plan";
        }

        var sold = new Dictionary<int, Guid>(SoldSeats);
        var held = new Dictionary<int, Guid>(HeldSeats);
        foreach (var write in batch.Seats.Where(w => !w.Take))
        {
            var rows = write.Held ? held : sold;
            var owned = rows.Where(r => r.Value == write.Owner).Select(r => r.Key).Order().ToList();
            if (!owned.SequenceEqual(write.Seats.Order()))
            {
                return $"freeing seats [{string.Join(",", write.Seats)}] of {write.Owner} found rows [{string.Join(",", owned)}]";
            }

            owned.ForEach(seat => rows.Remove(seat));
        }

        foreach (var write in batch.Seats.Where(w => w.Take))
        {
            foreach (var seat in write.Seats)
            {
                if (sold.ContainsKey(seat) || held.ContainsKey(seat))
                {
                    violation($"seat {seat} taken by {write.Owner} while it has a row (sold: {sold.ContainsKey(seat)})");
                    return $"seat {seat} taken twice";
                }

                (write.Held ? held : sold)[seat] = write.Owner;
            }
        }

        return null;
    }

    private void ApplySeats(EventBatch batch)
    {
        if (batch.SeatingPlan is { } plan)
        {
            Plan = plan;
        }

        foreach (var write in batch.Seats.Where(w => !w.Take))
        {
            var rows = write.Held ? HeldSeats : SoldSeats;
            foreach (var seat in write.Seats)
            {
                rows.Remove(seat);
            }
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
