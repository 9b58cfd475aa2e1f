using Evently.Core.Answers;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Bookings;
using Evently.Domain.Holds;

namespace Evently.Core.Tests.Core;

/// <summary>
/// An activation's memory stays flat however many holds and cancellations it sees: a settled hold or a cancelled booking
/// leaves memory once committed, and a later replay, confirm, release, cancel or read still answers as before, from the
/// store.
/// </summary>
public sealed class BoundedMemoryTests
{
    private const int Cycles = 100_000;

    // Within a cycle the record being settled is in memory as decided and as committed (and a confirmed hold's booking).
    private const int Bound = 4;

    private static async Task<(EventCore Core, ScriptedStore Store)> StartAsync(bool keepBatches = true)
    {
        var store = new ScriptedStore { KeepBatches = keepBatches };
        var core = new EventCore(ScriptedStore.EventId, store, store, new SimClock(DateTimeOffset.UtcNow));
        await core.ActivateAsync();
        return (core, store);
    }

    [Fact]
    public void Memory_is_flat_over_100000_hold_and_release_cycles_of_one_user() => OneThread.Run(async () =>
    {
        var (core, _) = await StartAsync(keepBatches: false);
        var user = Guid.NewGuid();
        var most = 0;

        for (var i = 0; i < Cycles; i++)
        {
            var hold = await core.HoldAsync(user, 2, null);
            Assert.Equal(HoldOutcome.Held, hold.Outcome);
            most = Math.Max(most, core.RememberedRecords);
            Assert.Equal(HoldOutcome.Released, (await core.ReleaseHoldAsync(hold.Hold!.Id, user, false)).Outcome);
            most = Math.Max(most, core.RememberedRecords);
        }

        Assert.InRange(most, 0, Bound);
        Assert.InRange(core.RememberedRecords, 0, Bound);
        Assert.Equal(10, core.Committed!.Seats.AvailableSeats);
    });

    [Fact]
    public void Memory_is_flat_over_100000_book_and_cancel_cycles_of_one_user() => OneThread.Run(async () =>
    {
        var (core, _) = await StartAsync(keepBatches: false);
        var user = Guid.NewGuid();
        var most = 0;

        for (var i = 0; i < Cycles; i++)
        {
            var booking = await core.BookAsync(user, 2, null);
            Assert.Equal(BookingOutcome.Confirmed, booking.Outcome);
            Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Booking!.Id, user, false)).Outcome);
            most = Math.Max(most, core.RememberedRecords);
        }

        Assert.InRange(most, 0, Bound);
        Assert.InRange(core.RememberedRecords, 0, Bound);
        Assert.Equal(10, core.Committed!.Seats.AvailableSeats);
    });

    [Fact]
    public void Memory_is_flat_over_confirmed_holds_and_the_cancels_of_their_bookings() => OneThread.Run(async () =>
    {
        var (core, _) = await StartAsync(keepBatches: false);
        var user = Guid.NewGuid();
        var most = 0;

        for (var i = 0; i < Cycles / 10; i++)
        {
            var hold = await core.HoldAsync(user, 1, null);
            var confirmed = await core.ConfirmHoldAsync(hold.Hold!.Id, user);
            Assert.Equal(HoldOutcome.Confirmed, confirmed.Outcome);
            Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(confirmed.Booking!.Id, user, false)).Outcome);
            most = Math.Max(most, core.RememberedRecords);
        }

        Assert.InRange(most, 0, Bound);
    });

    [Fact]
    public void Settled_records_that_left_memory_still_answer_replays_as_they_stand() => OneThread.Run(async () =>
    {
        var (core, _) = await StartAsync();
        var user = Guid.NewGuid();
        var keyed = await core.BookAsync(user, 1, "keyed-booking");
        var released = await core.HoldAsync(user, 1, "keyed-hold");
        var confirmed = await core.HoldAsync(user, 1, null);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(keyed.Booking!.Id, user, false)).Outcome);
        Assert.Equal(HoldOutcome.Released, (await core.ReleaseHoldAsync(released.Hold!.Id, user, false)).Outcome);
        var sold = await core.ConfirmHoldAsync(confirmed.Hold!.Id, user);
        Assert.Equal(HoldOutcome.Confirmed, sold.Outcome);

        // One more commit: what the earlier ones settled has left memory by now.
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(Guid.NewGuid(), 1, null)).Outcome);
        Assert.Equal(0, core.RememberedRecords);

        var cancelAgain = await core.CancelBookingAsync(keyed.Booking.Id, user, false);
        Assert.Equal((BookingOutcome.Cancelled, BookingStatus.Cancelled), (cancelAgain.Outcome, cancelAgain.Booking!.Status));
        Assert.Equal(BookingOutcome.BookingNotFound, (await core.CancelBookingAsync(keyed.Booking.Id, Guid.NewGuid(), false)).Outcome);
        var bookingReplay = await core.BookAsync(user, 1, "keyed-booking");
        Assert.Equal((BookingOutcome.Replayed, BookingStatus.Cancelled), (bookingReplay.Outcome, bookingReplay.Booking!.Status));

        var releaseAgain = await core.ReleaseHoldAsync(released.Hold.Id, user, false);
        Assert.Equal((HoldOutcome.Released, HoldStatus.Released), (releaseAgain.Outcome, releaseAgain.Hold!.Status));
        Assert.Equal(HoldOutcome.HoldNotFound, (await core.ReleaseHoldAsync(released.Hold.Id, Guid.NewGuid(), false)).Outcome);
        var holdReplay = await core.HoldAsync(user, 1, "keyed-hold");
        Assert.Equal((HoldOutcome.Replayed, HoldStatus.Released), (holdReplay.Outcome, holdReplay.Hold!.Status));

        var confirmAgain = await core.ConfirmHoldAsync(confirmed.Hold.Id, user);
        Assert.Equal((HoldOutcome.AlreadyConfirmed, sold.Booking!.Id), (confirmAgain.Outcome, confirmAgain.Booking!.Id));
        var read = await core.GetHoldAsync(confirmed.Hold.Id, user, false);
        Assert.Equal((HoldStatus.Confirmed, sold.Booking.Id), (read.Hold!.Status, read.Booking!.Id));
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(sold.Booking.Id, user, false)).Outcome);
        var afterCancel = await core.ConfirmHoldAsync(confirmed.Hold.Id, user);
        Assert.Equal((HoldOutcome.AlreadyConfirmed, BookingStatus.Cancelled), (afterCancel.Outcome, afterCancel.Booking!.Status));

        Assert.Equal(9, core.Committed!.Seats.AvailableSeats);
        Assert.InRange(core.RememberedRecords, 0, Bound);
    });
}
