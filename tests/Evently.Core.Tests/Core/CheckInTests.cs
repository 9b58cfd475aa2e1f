using Evently.Core.Ports;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>Check-in at the door: one winner per booking, only confirmed bookings of the event, the window, honest failures.</summary>
public sealed class CheckInTests
{
    private static readonly Guid Owner = Guid.NewGuid();

    /// <summary>A core over an event starting in an hour (check-in open), with one confirmed booking of two seats.</summary>
    private static async Task<(EventCore Core, ScriptedStore Store, Booking Booking)> StartAsync(TimeSpan? startsIn = null)
    {
        var store = new ScriptedStore();
        var eventDate = DateTimeOffset.UtcNow + (startsIn ?? TimeSpan.FromHours(1));
        store.Configure(e => e with { EventDate = eventDate, Sale = e.Sale with { SalesEndAt = eventDate } });
        var core = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await core.ActivateAsync();
        var booked = await core.BookAsync(Owner, 2, null);
        Assert.Equal(BookingOutcome.Confirmed, booked.Outcome);
        return (core, store, booked.Booking!);
    }

    private static async Task InFlightAsync(ScriptedStore store)
    {
        while (store.Waiting == 0)
        {
            await Task.Yield();
        }
    }

    [Fact]
    public void Of_many_concurrent_scans_exactly_one_checks_the_booking_in() => OneThread.Run(async () =>
    {
        var (core, store, booking) = await StartAsync();

        var scans = Enumerable.Range(0, 20).Select(_ => core.CheckInAsync(booking.BookingRef)).ToList();
        var answers = await Task.WhenAll(scans);

        var winner = Assert.Single(answers, a => a.Outcome == CheckInOutcome.CheckedIn);
        Assert.Equal(19, answers.Count(a => a.Outcome == CheckInOutcome.AlreadyCheckedIn));
        Assert.All(answers, a => Assert.Equal(winner.CheckedInAt, a.CheckedInAt));
        Assert.Equal(2, winner.Booking!.Quantity);
        Assert.Single(store.Committed.SelectMany(b => b.CheckIns));
        Assert.Equal(winner.CheckedInAt, (await store.FindBookingAsync(booking.Id))!.CheckedInAt);

        var later = await core.CheckInAsync(booking.BookingRef);
        Assert.Equal(CheckInOutcome.AlreadyCheckedIn, later.Outcome);
        Assert.Equal(winner.CheckedInAt, later.CheckedInAt);
    });

    [Fact]
    public void A_cancelled_or_unknown_booking_is_not_found() => OneThread.Run(async () =>
    {
        var (core, store, booking) = await StartAsync();
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, Owner, false)).Outcome);

        Assert.Equal(CheckInOutcome.BookingNotFound, (await core.CheckInAsync(booking.BookingRef)).Outcome);
        Assert.Equal(CheckInOutcome.BookingNotFound, (await core.CheckInAsync("EV-0000000000")).Outcome);
        Assert.Empty(store.Committed.SelectMany(b => b.CheckIns));
    });

    [Fact]
    public void A_scan_while_the_cancellation_is_under_way_is_not_found_once_it_is_durable() => OneThread.Run(async () =>
    {
        var (core, store, booking) = await StartAsync();
        var gate = new TaskCompletionSource();
        store.NextCommitWaits = gate;

        var cancel = core.CancelBookingAsync(booking.Id, Owner, false);
        await InFlightAsync(store);
        var scan = core.CheckInAsync(booking.BookingRef);
        gate.SetResult();

        Assert.Equal(BookingOutcome.Cancelled, (await cancel).Outcome);
        Assert.Equal(CheckInOutcome.BookingNotFound, (await scan).Outcome);
        Assert.Empty(store.Committed.SelectMany(b => b.CheckIns));
    });

    [Fact]
    public void A_checked_in_booking_is_not_cancelled_even_when_the_cancel_arrives_while_the_check_in_is_under_way() => OneThread.Run(async () =>
    {
        var (core, store, booking) = await StartAsync();
        var gate = new TaskCompletionSource();
        store.NextCommitWaits = gate;

        var scan = core.CheckInAsync(booking.BookingRef);
        await InFlightAsync(store);
        var cancel = core.CancelBookingAsync(booking.Id, Owner, false);
        gate.SetResult();

        var checkedIn = await scan;
        Assert.Equal(CheckInOutcome.CheckedIn, checkedIn.Outcome);
        var refused = await cancel;
        Assert.Equal(BookingOutcome.AlreadyCheckedIn, refused.Outcome);
        Assert.Equal(checkedIn.CheckedInAt, refused.Booking!.CheckedInAt);

        var again = await core.CancelBookingAsync(booking.Id, Owner, true);
        Assert.Equal(BookingOutcome.AlreadyCheckedIn, again.Outcome);
        Assert.Equal(BookingStatus.Confirmed, (await store.FindBookingAsync(booking.Id))!.Status);
        Assert.Empty(store.Committed.SelectMany(b => b.Cancellations));
    });

    [Fact]
    public void Check_in_opens_24_hours_before_the_event() => OneThread.Run(async () =>
    {
        var (early, earlyStore, tooSoon) = await StartAsync(TimeSpan.FromHours(25));
        Assert.Equal(CheckInOutcome.NotOpen, (await early.CheckInAsync(tooSoon.BookingRef)).Outcome);
        Assert.Empty(earlyStore.Committed.SelectMany(b => b.CheckIns));

        var (open, _, inTime) = await StartAsync(TimeSpan.FromHours(23));
        Assert.Equal(CheckInOutcome.CheckedIn, (await open.CheckInAsync(inTime.BookingRef)).Outcome);
    });

    [Theory]
    [InlineData(StoreFailure.NotCommitted, CheckInOutcome.Unavailable)]
    [InlineData(StoreFailure.Conflict, CheckInOutcome.Unavailable)]
    [InlineData(StoreFailure.Unknown, CheckInOutcome.OutcomeUnknown)]
    public void A_failed_batch_is_told_honestly_and_checks_nothing_in(StoreFailure failure, CheckInOutcome told) => OneThread.Run(async () =>
    {
        var (core, store, booking) = await StartAsync();
        store.NextCommitFails = new EventStoreException(failure, "scripted");

        Assert.Equal(told, (await core.CheckInAsync(booking.BookingRef)).Outcome);
        Assert.Null((await store.FindBookingAsync(booking.Id))!.CheckedInAt);

        // The broken activation is replaced by a fresh one, which checks the booking in.
        var fresh = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await fresh.ActivateAsync();
        Assert.Equal(CheckInOutcome.CheckedIn, (await fresh.CheckInAsync(booking.BookingRef)).Outcome);
    });

    [Fact]
    public void A_check_in_survives_a_restart() => OneThread.Run(async () =>
    {
        var (core, store, booking) = await StartAsync();
        var first = await core.CheckInAsync(booking.BookingRef);
        Assert.Equal(CheckInOutcome.CheckedIn, first.Outcome);

        var restarted = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await restarted.ActivateAsync();

        var again = await restarted.CheckInAsync(booking.BookingRef);
        Assert.Equal(CheckInOutcome.AlreadyCheckedIn, again.Outcome);
        Assert.Equal(first.CheckedInAt, again.CheckedInAt);
        Assert.Equal(BookingOutcome.AlreadyCheckedIn, (await restarted.CancelBookingAsync(booking.Id, Owner, false)).Outcome);
    });
}
