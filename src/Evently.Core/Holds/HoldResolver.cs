using Evently.Core.Batches;
using Evently.Core.Machine;
using Evently.Core.Seating;
using Evently.Core.Waitlists;
using Evently.Domain.Holds;

namespace Evently.Core.Holds;

/// <summary>
/// Ends active holds in memory: every resolution (confirmed, released, expired) goes through <see cref="Resolve"/>,
/// which enlists the hold's row in the filling batch. Expiring and the event's cancellation end many at once.
/// </summary>
internal sealed class HoldResolver(EventState state, SeatInventory seats, HoldBook holds, WaitlistLine line)
{
    /// <summary>Decides the expiry of every hold due by <paramref name="now"/> into the filling batch; returns how many.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        var ledger = state.Live.Seats;
        var expired = 0;
        while (holds.FirstDue(now) is { } hold)
        {
            ledger = ledger with { AvailableSeats = ledger.AvailableSeats + hold.Quantity, HeldSeats = ledger.HeldSeats - hold.Quantity };
            seats.Free(hold.Id, held: true, state.Filling);
            Resolve(hold, HoldStatus.Expired, now);
            line.NotifyUser(hold.UserId, "hold_expired",
                new { eventId = state.Id, eventName = state.Live.Name, holdId = hold.Id, quantity = hold.Quantity, expiresAt = hold.ExpiresAt });
            expired++;
        }

        if (expired > 0)
        {
            state.ApplySeats(ledger);
        }

        return expired;
    }

    /// <summary>The event is cancelled: every active hold is released (its seats go with the rest); returns their holders.</summary>
    public List<Guid> ReleaseAll(DateTimeOffset now)
    {
        var holders = new List<Guid>();
        foreach (var hold in holds.Active())
        {
            Resolve(hold, HoldStatus.Released, now);
            holders.Add(hold.UserId);
        }

        return holders;
    }

    /// <summary>Resolves an active hold in memory and enlists its row in the filling batch (the caller moves the seats).</summary>
    public Hold Resolve(Hold hold, string status, DateTimeOffset now, Guid? bookingId = null)
    {
        var resolved = holds.Resolve(hold, status, now, bookingId);
        state.Filling.Holds.Add(new HoldWrite(resolved, IsNew: false));
        return resolved;
    }
}
