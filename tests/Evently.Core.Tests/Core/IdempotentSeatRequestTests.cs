using Evently.Core.Answers;
using Evently.Core.Seating;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Seating;
using Evently.Domain.Holds;
using Evently.Domain.Events;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>
/// An idempotency key on a seated event (API: same key and same body → the original; another body → 409
/// idempotency_key_reused): the body is the seats, section and together asked for, not only the quantity. Compared the
/// same way whether the key is in memory or read back from the store by a fresh activation.
/// </summary>
public sealed class IdempotentSeatRequestTests
{
    private static readonly SeatingPlan Plan = new([new PlanSection("A", [new PlanRow("1", 4), new PlanRow("2", 4)]), new PlanSection("B", [new PlanRow("1", 4)])]);
    private static readonly SeatRequest FrontPair = new(["A-1-1", "A-1-2"]);
    private static readonly SeatRequest FrontPairReversed = new(["A-1-2", "A-1-1"]);
    private static readonly SeatRequest OtherPair = new(["A-1-3", "A-1-4"]);
    private static readonly SeatRequest Together = new(Together: true);
    private static readonly SeatRequest InB = new(Section: "B");

    private static async Task<EventCore> StartAsync(ScriptedStore store, bool plan = true)
    {
        var core = new EventCore(ScriptedStore.EventId, store, store, new SimClock(DateTimeOffset.UtcNow));
        await core.ActivateAsync();
        if (plan)
        {
            Assert.Equal(EventOutcome.Ok, (await core.SetSeatingPlanAsync(Plan)).Outcome);
        }

        return core;
    }

    [Fact]
    public void A_booking_retry_with_the_key_is_the_original_only_for_the_same_seats_section_and_together() => OneThread.Run(async () =>
    {
        var core = await StartAsync(new ScriptedStore());
        var user = Guid.NewGuid();
        var named = await core.BookAsync(user, 2, "named", FrontPair);
        var best = await core.BookAsync(user, 2, "best", Together);
        Assert.Equal(BookingOutcome.Confirmed, named.Outcome);
        Assert.Equal(BookingOutcome.Confirmed, best.Outcome);

        Assert.Equal(BookingOutcome.KeyReused, (await core.BookAsync(user, 2, "named", OtherPair)).Outcome);
        Assert.Equal(BookingOutcome.KeyReused, (await core.BookAsync(user, 2, "named", Together)).Outcome);
        Assert.Equal(BookingOutcome.KeyReused, (await core.BookAsync(user, 2, "best", null)).Outcome);
        Assert.Equal(BookingOutcome.KeyReused, (await core.BookAsync(user, 2, "best", new SeatRequest(Section: "B", Together: true))).Outcome);
        Assert.Equal(BookingOutcome.KeyReused, (await core.BookAsync(user, 2, "best", new SeatRequest(best.Seats))).Outcome);
        var again = await core.BookAsync(user, 2, "named", FrontPairReversed);
        var bestAgain = await core.BookAsync(user, 2, "best", Together);

        Assert.Equal((BookingOutcome.Replayed, named.Booking!.Id), (again.Outcome, again.Booking!.Id));
        Assert.Equal((BookingOutcome.Replayed, best.Booking!.Id), (bestAgain.Outcome, bestAgain.Booking!.Id));
        Assert.Equal(4, core.Committed!.Seats.SoldSeats);
        Assert.Equal("ssss", core.Seating!.RowStates(0));
    });

    [Fact]
    public void A_hold_retry_with_the_key_is_the_original_only_for_the_same_seats_section_and_together() => OneThread.Run(async () =>
    {
        var core = await StartAsync(new ScriptedStore());
        var user = Guid.NewGuid();
        var named = await core.HoldAsync(user, 2, "named", FrontPair);
        var inB = await core.HoldAsync(user, 1, "section", InB);
        Assert.Equal(HoldOutcome.Held, named.Outcome);
        Assert.Equal(HoldOutcome.Held, inB.Outcome);

        Assert.Equal(HoldOutcome.KeyReused, (await core.HoldAsync(user, 2, "named", OtherPair)).Outcome);
        Assert.Equal(HoldOutcome.KeyReused, (await core.HoldAsync(user, 2, "named", null)).Outcome);
        Assert.Equal(HoldOutcome.KeyReused, (await core.HoldAsync(user, 1, "section", null)).Outcome);
        Assert.Equal(HoldOutcome.KeyReused, (await core.HoldAsync(user, 1, "section", new SeatRequest(Section: "A"))).Outcome);
        var again = await core.HoldAsync(user, 2, "named", FrontPairReversed);
        var inBAgain = await core.HoldAsync(user, 1, "section", InB);

        Assert.Equal((HoldOutcome.Replayed, named.Hold!.Id), (again.Outcome, again.Hold!.Id));
        Assert.Equal((HoldOutcome.Replayed, inB.Hold!.Id), (inBAgain.Outcome, inBAgain.Hold!.Id));
        Assert.Equal(3, core.Committed!.Seats.HeldSeats);
    });

    [Fact]
    public void A_fresh_activation_compares_a_stored_booking_or_hold_with_what_its_request_asked() => OneThread.Run(async () =>
    {
        var store = new ScriptedStore();
        var first = await StartAsync(store);
        var user = Guid.NewGuid();
        var booked = await first.BookAsync(user, 2, "book", FrontPair);
        var held = await first.HoldAsync(user, 1, "hold", InB);
        Assert.Equal(BookingOutcome.Confirmed, booked.Outcome);
        Assert.Equal(HoldOutcome.Held, held.Outcome);

        // The scripted store loads no plan: the fresh core knows the keys only from the stored rows.
        var fresh = await StartAsync(store, plan: false);

        Assert.Equal(BookingOutcome.KeyReused, (await fresh.BookAsync(user, 2, "book", OtherPair)).Outcome);
        Assert.Equal(HoldOutcome.KeyReused, (await fresh.HoldAsync(user, 1, "hold", null)).Outcome);
        var replayed = await (await StartAsync(store, plan: false)).BookAsync(user, 2, "book", FrontPairReversed);
        var heldAgain = await (await StartAsync(store, plan: false)).HoldAsync(user, 1, "hold", InB);
        Assert.Equal((BookingOutcome.Replayed, booked.Booking!.Id), (replayed.Outcome, replayed.Booking!.Id));
        Assert.Equal((HoldOutcome.Replayed, held.Hold!.Id), (heldAgain.Outcome, heldAgain.Hold!.Id));
    });
}
