using Evently.Core.Answers;
using Evently.Core.Seating;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Seating;
using Evently.Domain.Holds;
using Evently.Domain.Events;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>Reserved seating as the core decides it: all in one turn, nothing partial, every seat change in the batch.</summary>
public sealed class SeatingCoreTests
{
    private static readonly SeatingPlan Plan = new([new PlanSection("A", [new PlanRow("1", 4), new PlanRow("2", 4)])]);

    private static async Task<(EventCore Core, ScriptedStore Store)> StartAsync()
    {
        var store = new ScriptedStore();
        var core = new EventCore(ScriptedStore.EventId, store, store, new SimClock(DateTimeOffset.UtcNow));
        await core.ActivateAsync();
        Assert.Equal(EventOutcome.Ok, (await core.SetSeatingPlanAsync(Plan)).Outcome);
        return (core, store);
    }

    [Fact]
    public void Of_many_requests_for_the_same_seats_decided_at_once_one_wins_and_the_others_are_told_which_seats_went() => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();

        // All are decided before any commit completes: each must see the seats the ones before it took.
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            core.BookAsync(Guid.NewGuid(), 2, null, new SeatRequest([i % 2 == 0 ? "A-1-2" : "A-1-3", "A-1-4"]))));

        var winner = Assert.Single(answers, a => a.Outcome == BookingOutcome.Confirmed);
        Assert.Equal(["A-1-2", "A-1-4"], winner.Seats!);
        Assert.All(answers.Where(a => a != winner), a =>
        {
            Assert.Equal(BookingOutcome.SeatsTaken, a.Outcome);
            Assert.Contains("A-1-4", a.Seats!);
        });
        Assert.Equal("asas", core.Seating!.RowStates(0));
        Assert.Equal((6, 0), (core.Committed!.Seats.AvailableSeats, core.Committed.Seats.HeldSeats));
        var written = store.Committed.SelectMany(b => b.Seats).ToList();
        var write = Assert.Single(written);
        Assert.Equal((winner.Booking!.Id, false, true), (write.Owner, write.Held, write.Take));
        Assert.Equal([1, 3], write.Seats);
    });

    [Fact]
    public void A_cancel_frees_exactly_the_booking_seats_and_its_batch_deletes_their_rows() => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();
        var user = Guid.NewGuid();
        var booked = await core.BookAsync(user, 3, null, new SeatRequest(Together: true));
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3"], booked.Seats!);

        var cancelled = await core.CancelBookingAsync(booked.Booking!.Id, user, callerIsAdmin: false);

        Assert.Equal(BookingOutcome.Cancelled, cancelled.Outcome);
        Assert.Equal("aaaa", core.Seating!.RowStates(0));
        var freed = store.Committed[^1].Seats.Single();
        Assert.Equal((booked.Booking.Id, false), (freed.Owner, freed.Take));
        Assert.Equal([0, 1, 2], freed.Seats);
    });

    [Fact]
    public void The_plan_is_fixed_once_a_seat_is_held_and_a_seated_capacity_follows_its_plan() => OneThread.Run(async () =>
    {
        var (core, _) = await StartAsync();
        Assert.Equal(8, core.Committed!.Seats.TotalCapacity);
        Assert.Equal(EventOutcome.CapacityFixedByPlan, (await core.UpdateAsync(new EventEdit(TotalCapacity: 9))).Outcome);

        var hold = await core.HoldAsync(Guid.NewGuid(), 1, null, new SeatRequest(["A-2-2"]));

        Assert.Equal(HoldOutcome.Held, hold.Outcome);
        Assert.Equal(["A-2-2"], hold.Seats!);
        Assert.Equal(EventOutcome.SeatsInUse, (await core.SetSeatingPlanAsync(Plan)).Outcome);
        Assert.Equal(BookingOutcome.InvalidSeats, (await core.BookAsync(Guid.NewGuid(), 1, null, new SeatRequest(["A-3-1"]))).Outcome);
        Assert.Equal(BookingOutcome.InvalidSeats, (await core.BookAsync(Guid.NewGuid(), 1, null, new SeatRequest(Section: "Z"))).Outcome);
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3", "A-1-4"], (await core.BookAsync(Guid.NewGuid(), 4, null, new SeatRequest(Together: true))).Seats!);
        // Three seats are free, but not three next to each other: together is refused (two at most together), apart is served.
        var together = await core.BookAsync(Guid.NewGuid(), 3, null, new SeatRequest(Together: true));
        Assert.Equal((BookingOutcome.NoAdjacentSeats, 2), (together.Outcome, together.LongestRun));
        Assert.Equal(["A-2-1", "A-2-3", "A-2-4"], (await core.BookAsync(Guid.NewGuid(), 3, null, new SeatRequest())).Seats!);
        Assert.Equal("shss", core.Seating!.RowStates(1));
    });
}
