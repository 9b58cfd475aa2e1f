using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;
using Evently.Domain.Events;

namespace Evently.Core.Tests.Core;

/// <summary>Suspending and resuming a disabled user's waitlist entry, answered only as the store has it.</summary>
public sealed class StandingChangeTests
{
    /// <summary>
    /// A standing can change back, so "nothing to change" is true only of the current state: an activation that loaded
    /// before a twin suspended the entry must not answer a resume as done (or the entry as absent) without proving itself
    /// current. Its proof fails, and it answers that nothing happened.
    /// </summary>
    [Fact]
    public void A_behind_activation_does_not_answer_a_resume_it_has_nothing_to_do_for() => OneThread.Run(async () =>
    {
        var store = new ScriptedStore();
        store.Configure(e => e with { Seats = SeatLedger.ForCapacity(1) });
        var twin = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await twin.ActivateAsync();
        var behind = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await behind.ActivateAsync();
        var user = Guid.NewGuid();

        Assert.Equal(BookingOutcome.Confirmed, (await twin.BookAsync(Guid.NewGuid(), 1, null)).Outcome);
        Assert.Equal(WaitlistOutcome.Ok, (await twin.JoinWaitlistAsync(user, 1, null)).Outcome);
        Assert.Equal(WaitlistOutcome.Ok, (await twin.SuspendUserAsync(user)).Outcome);

        var answer = await behind.ResumeUserAsync(user);

        Assert.Equal(WaitlistOutcome.Unavailable, answer.Outcome);
        Assert.True(behind.IsBroken);
    });
}
