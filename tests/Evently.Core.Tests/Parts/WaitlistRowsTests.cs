using Evently.Core.Batches;
using Evently.Core.Tests.Simulation;
using Evently.Core.Waitlists;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;

namespace Evently.Core.Tests.Parts;

/// <summary>The rows a batch's waitlist changes write, alone.</summary>
public sealed class WaitlistRowsTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_promotion_made_and_booked_in_one_batch_is_one_new_booked_row_and_its_entry_is_written_once()
    {
        var waitlist = new Waitlist();
        var (user, other, booking) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var batch = new EventBatch();
        batch.WaitlistChanges.Add(waitlist.Join(Guid.NewGuid(), user, 2, 0, null, Now)!);
        batch.WaitlistChanges.Add(waitlist.Join(Guid.NewGuid(), other, 5, 0, null, Now.AddSeconds(1))!);
        var seats = SeatLedger.ForCapacity(2);
        batch.WaitlistChanges.AddRange(waitlist.Promote(ref seats, TimeSpan.FromMinutes(15), Now, Guid.NewGuid));
        batch.WaitlistChanges.Add(waitlist.BookHeld(user, 2, booking, ref seats)!);

        WaitlistRows.Write(batch, waitlist, new SimClock(Now.AddMinutes(1)));

        Assert.Equal(2, batch.WaitlistRows.Count);
        var booked = Assert.Single(batch.WaitlistRows, r => r.Entry.UserId == user);
        Assert.Equal(WaitlistStatus.Booked, booked.Entry.Status);
        Assert.Equal(0, booked.Position);
        Assert.Equal(1, Assert.Single(batch.WaitlistRows, r => r.Entry.UserId == other).Position);
        var promotion = Assert.Single(batch.Promotions);
        Assert.True(promotion.IsNew);
        Assert.Equal("booked", promotion.Status);
        Assert.Equal(booking, promotion.BookingId);
        Assert.Equal(Now.AddMinutes(1), promotion.ResolvedAt);
    }

    [Fact]
    public void A_batch_without_waitlist_changes_writes_no_rows()
    {
        var waitlist = new Waitlist();
        waitlist.Join(Guid.NewGuid(), Guid.NewGuid(), 1, 0, null, Now);
        var batch = new EventBatch();

        WaitlistRows.Write(batch, waitlist, new SimClock(Now));

        Assert.Empty(batch.WaitlistRows);
        Assert.Empty(batch.Promotions);
    }
}
