using Evently.Core.Answers;
using Evently.Core.Ports;
using Evently.Core.Seating;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Seating;
using Evently.Domain.Holds;
using Evently.Domain.Events;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>
/// The seat map and the plan are read as committed: never with decisions of the filling or the in-flight batch, never
/// with those of a batch that failed.
/// </summary>
public sealed class CommittedSeatsTests
{
    private static readonly SeatingPlan Plan = new([new PlanSection("A", [new PlanRow("1", 4), new PlanRow("2", 4)])]);

    private static async Task<(EventCore Core, ScriptedStore Store)> StartAsync(bool plan = true)
    {
        var store = new ScriptedStore();
        var core = new EventCore(ScriptedStore.EventId, store, store, new SimClock(DateTimeOffset.UtcNow));
        await core.ActivateAsync();
        if (plan)
        {
            Assert.Equal(EventOutcome.Ok, (await core.SetSeatingPlanAsync(Plan)).Outcome);
        }

        return (core, store);
    }

    /// <summary>Lets the loop run until the next commit has reached the store and waits there.</summary>
    private static async Task InFlightAsync(ScriptedStore store)
    {
        while (store.Waiting == 0)
        {
            await Task.Yield();
        }
    }

    [Fact]
    public void A_seat_read_during_a_batch_in_flight_shows_the_committed_seats() => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(Guid.NewGuid(), 1, null, new SeatRequest(["A-1-1"]))).Outcome);
        var gate = new TaskCompletionSource();
        store.NextCommitWaits = gate;

        var inFlight = core.BookAsync(Guid.NewGuid(), 1, null, new SeatRequest(["A-1-2"]));
        var held = core.HoldAsync(Guid.NewGuid(), 2, null, new SeatRequest(["A-2-1", "A-2-2"]));
        await InFlightAsync(store);
        var filling = core.BookAsync(Guid.NewGuid(), 1, null, new SeatRequest(["A-1-3"]));

        Assert.Equal("saaa", core.Seating!.RowStates(0));
        Assert.Equal("aaaa", core.Seating.RowStates(1));
        Assert.Equal((7, 0, 1), (core.Seating.Available, core.Seating.Held, core.Seating.Sold));

        gate.SetResult();
        Assert.Equal(BookingOutcome.Confirmed, (await inFlight).Outcome);
        Assert.Equal(HoldOutcome.Held, (await held).Outcome);
        Assert.Equal(BookingOutcome.Confirmed, (await filling).Outcome);
        Assert.Equal("sssa", core.Seating.RowStates(0));
        Assert.Equal("hhaa", core.Seating.RowStates(1));
        Assert.Equal((3, 2, 3), (core.Seating.Available, core.Seating.Held, core.Seating.Sold));
    });

    [Fact]
    public void Seats_given_back_show_as_taken_until_their_batch_commits() => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();
        var user = Guid.NewGuid();
        var booked = await core.BookAsync(user, 2, null, new SeatRequest(["A-1-1", "A-1-2"]));
        var hold = await core.HoldAsync(user, 1, null, new SeatRequest(["A-2-4"]));
        var gate = new TaskCompletionSource();
        store.NextCommitWaits = gate;

        var cancel = core.CancelBookingAsync(booked.Booking!.Id, user, false);
        var confirm = core.ConfirmHoldAsync(hold.Hold!.Id, user);
        await InFlightAsync(store);

        Assert.Equal("ssaa", core.Seating!.RowStates(0));
        Assert.Equal("aaah", core.Seating.RowStates(1));
        gate.SetResult();
        Assert.Equal(BookingOutcome.Cancelled, (await cancel).Outcome);
        Assert.Equal(HoldOutcome.Confirmed, (await confirm).Outcome);
        Assert.Equal("aaaa", core.Seating.RowStates(0));
        Assert.Equal("aaas", core.Seating.RowStates(1));
    });

    [Theory]
    [InlineData(StoreFailure.NotCommitted)]
    [InlineData(StoreFailure.Unknown)]
    public void A_failed_batch_leaves_no_seats_in_the_map(StoreFailure failure) => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(Guid.NewGuid(), 1, null, new SeatRequest(["A-1-1"]))).Outcome);
        store.NextCommitFails = new EventStoreException(failure, "scripted");

        var booked = core.BookAsync(Guid.NewGuid(), 2, null, new SeatRequest(["A-1-2", "A-1-3"]));
        var held = core.HoldAsync(Guid.NewGuid(), 2, null, new SeatRequest(["A-2-1", "A-2-2"]));
        Assert.NotEqual(BookingOutcome.Confirmed, (await booked).Outcome);
        Assert.NotEqual(HoldOutcome.Held, (await held).Outcome);

        Assert.True(core.IsBroken);
        Assert.Equal("saaa", core.Seating!.RowStates(0));
        Assert.Equal("aaaa", core.Seating.RowStates(1));
        Assert.Equal((7, 0, 1), (core.Seating.Available, core.Seating.Held, core.Seating.Sold));
    });

    [Fact]
    public void A_plan_is_shown_once_its_batch_commits_and_never_when_it_fails() => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync(plan: false);
        var gate = new TaskCompletionSource();
        store.NextCommitWaits = gate;

        var set = core.SetSeatingPlanAsync(Plan);
        await InFlightAsync(store);
        Assert.Null(core.Seating);
        gate.SetResult();
        Assert.Equal(EventOutcome.Ok, (await set).Outcome);
        Assert.Equal(8, core.Seating!.Available);

        var (other, failing) = await StartAsync(plan: false);
        failing.NextCommitFails = new EventStoreException(StoreFailure.NotCommitted, "scripted");
        Assert.Equal(EventOutcome.Unavailable, (await other.SetSeatingPlanAsync(Plan)).Outcome);
        Assert.Null(other.Seating);
    });
}
