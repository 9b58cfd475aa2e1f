using Evently.Core.Tests.Core;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Parts;

/// <summary>The waitlist line's promotion rules, alone: when a round runs, who it promotes, and who keeps their place.</summary>
public sealed class WaitlistLineTests
{
    private static readonly DateTimeOffset Opens = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SaleSettings Sale = new(Opens, Opens.AddHours(1));

    [Fact]
    public void A_round_before_the_sale_opens_promotes_nobody_and_is_run_by_the_first_request_after_it_opens() => OneThread.Run(() =>
    {
        var rig = new LineRig(Opens.AddMinutes(-10), Sale, capacity: 2);
        var waiter = Guid.NewGuid();
        rig.Line.Load([LineRig.Waiting(waiter, 2, Opens, order: -20)]);

        rig.Line.PromoteWaiting(rig.Clock.Now);
        rig.Line.PromoteOwed(rig.Clock.Now);
        Assert.Equal(WaitlistStatus.Waiting, rig.Line.Find(waiter)!.Status);
        Assert.Empty(rig.Changes);
        Assert.Equal(0, rig.State.Pending);

        rig.Clock.Advance(TimeSpan.FromMinutes(11));
        rig.Line.PromoteOwed(rig.Clock.Now);

        Assert.Equal(WaitlistStatus.Promoted, rig.Line.Find(waiter)!.Status);
        Assert.Equal(WaitlistChangeKind.Promoted, Assert.Single(rig.Changes).Kind);
        Assert.Equal((0, 2), (rig.State.Live.Seats.AvailableSeats, rig.State.Live.Seats.HeldSeats));

        // The owed round enlists on its own: its promotions commit whatever the calling request's fate.
        Assert.Equal(1, rig.State.Pending);
        return Task.CompletedTask;
    });

    [Fact]
    public void An_entry_past_the_per_user_limit_keeps_its_place_while_the_next_that_fits_is_promoted() => OneThread.Run(() =>
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var rig = new LineRig(Opens.AddMinutes(5), Sale with { MaxTicketsPerUser = 2 }, capacity: 2, new Dictionary<Guid, int> { [first] = 1 });
        rig.Line.Load([LineRig.Waiting(first, 2, Opens, order: 1), LineRig.Waiting(second, 2, Opens, order: 2)]);

        rig.Line.PromoteWaiting(rig.Clock.Now);

        Assert.Equal(WaitlistStatus.Waiting, rig.Line.Find(first)!.Status);
        Assert.Equal(WaitlistStatus.Promoted, rig.Line.Find(second)!.Status);
        Assert.Equal(1, rig.Line.Entry(first).Place!.Position);
        Assert.Equal(2, rig.Line.HeldQuantity(second));
        Assert.Equal(0, rig.Line.HeldQuantity(first));
        return Task.CompletedTask;
    });

    [Fact]
    public void Nobody_is_promoted_after_the_sale_closed_and_the_round_is_not_owed() => OneThread.Run(() =>
    {
        var waiter = Guid.NewGuid();
        var rig = new LineRig(Opens.AddHours(2), Sale, capacity: 2);
        rig.Line.Load([LineRig.Waiting(waiter, 1, Opens, order: 1)]);

        rig.Line.PromoteWaiting(rig.Clock.Now);
        rig.Line.PromoteOwed(rig.Clock.Now);

        Assert.Equal(WaitlistStatus.Waiting, rig.Line.Find(waiter)!.Status);
        Assert.Empty(rig.Changes);
        Assert.Equal(2, rig.State.Live.Seats.AvailableSeats);
        return Task.CompletedTask;
    });
}
