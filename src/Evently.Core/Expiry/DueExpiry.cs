using Evently.Core.Holds;
using Evently.Core.Machine;
using Evently.Core.Waitlists;

namespace Evently.Core.Expiry;

/// <summary>
/// Expires what is due: checkout holds first, then promotions, then promotes into the freed seats. The timer and the
/// reminder call <see cref="ExpireDueAsync"/>; a request that finds a deadline passed calls <see cref="ExpireDue"/> in
/// its deciding turn (the seats are no longer the holder's, even if the timer has not run yet).
/// </summary>
internal sealed class DueExpiry(EventState state, HoldResolver holds, WaitlistLine line, ExpirySchedule schedule)
{
    /// <summary>Decides the expiry of every promotion and checkout hold due by <paramref name="now"/> into the filling batch.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        var expiredHolds = holds.ExpireDue(now);
        return expiredHolds + line.ExpirePromotions(now, seatsFreed: expiredHolds > 0);
    }

    /// <summary>Expires the promotions and holds due now (the timer's and the reminder's work); returns how many it expired. Idempotent.</summary>
    public async Task<int> ExpireDueAsync()
    {
        if (!state.Exists || state.IsBroken)
        {
            schedule.Retry();
            return 0;
        }

        var expired = ExpireDue(state.Now);
        if (expired > 0)
        {
            await state.Enlist();
        }

        if (!state.IsBroken)
        {
            schedule.Want();
        }

        return expired;
    }

    /// <summary>The durable reminder ticked.</summary>
    public Task<int> ReminderTickedAsync()
    {
        schedule.Ticked();
        return ExpireDueAsync();
    }
}
