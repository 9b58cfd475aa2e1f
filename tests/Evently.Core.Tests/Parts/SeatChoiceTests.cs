using Evently.Core.Seating;
using Evently.Domain.Bookings;
using Evently.Domain.Seating;

namespace Evently.Core.Tests.Parts;

/// <summary>
/// Which seats a best-available request gets, alone: asked for together, enough free seats that are not next to each
/// other are no_adjacent_seats with the longest run there is, not sold_out; too few free seats stay sold_out.
/// </summary>
public sealed class SeatChoiceTests
{
    /// <summary>Section A: two rows of six; section B: one row of four. Sold: A-1-3, A-1-6, A-2-2, A-2-5, B-1-2.</summary>
    private static (SeatInventory Seats, SeatMap Map) Scattered()
    {
        var plan = new SeatingPlan(
        [
            new PlanSection("A", [new PlanRow("1", 6), new PlanRow("2", 6)]),
            new PlanSection("B", [new PlanRow("1", 4)]),
        ]);
        var map = new SeatMap(plan);
        var inventory = new SeatInventory(Guid.NewGuid());
        inventory.UsePlan(map);
        var sold = new[] { "A-1-3", "A-1-6", "A-2-2", "A-2-5", "B-1-2" }.Select(id => map.TryFind(id, out var seat) ? seat : -1).ToArray();
        map.Move(sold, SeatState.Available, SeatState.Sold);

        // A-1 "aasaas", A-2 "asaasa", B-1 "asaa": 11 free, the longest run two in A and in B.
        return (inventory, map);
    }

    [Fact]
    public void Enough_free_seats_but_no_run_of_that_many_is_no_adjacent_seats_with_the_longest_run()
    {
        var (seats, _) = Scattered();

        var choice = seats.Choose(3, new SeatRequest(Together: true), own: null);

        Assert.Equal(BookingOutcome.NoAdjacentSeats, choice.Refusal);
        Assert.Equal(2, choice.LongestRun);
        Assert.Null(choice.Seats);
    }

    [Fact]
    public void A_quantity_that_fits_a_run_gets_the_first_run_and_apart_gets_seats_anyway()
    {
        var (seats, map) = Scattered();

        var together = seats.Choose(2, new SeatRequest(Together: true), own: null);
        var apart = seats.Choose(3, null, own: null);

        Assert.Null(together.Refusal);
        Assert.Equal(["A-1-1", "A-1-2"], together.Seats!.Select(map.SeatId));
        Assert.Null(apart.Refusal);
        Assert.Equal(3, apart.Seats!.Length);
    }

    [Fact]
    public void Too_few_free_seats_are_sold_out_even_when_asked_for_together()
    {
        var (seats, _) = Scattered();

        var choice = seats.Choose(12, new SeatRequest(Together: true), own: null);

        Assert.Equal(BookingOutcome.SoldOut, choice.Refusal);
        Assert.Null(choice.LongestRun);
    }

    [Fact]
    public void Within_a_section_only_its_free_seats_and_runs_count()
    {
        var (seats, map) = Scattered();
        map.Move([map.TryFind("A-1-1", out var a) ? a : -1], SeatState.Available, SeatState.Held);

        // B-1 "asaa": three free, run of two; four is more than B has free.
        var three = seats.Choose(3, new SeatRequest(Section: "B", Together: true), own: null);
        var four = seats.Choose(4, new SeatRequest(Section: "B", Together: true), own: null);
        // A-1 "hasaas", A-2 "asaasa": seven free, runs of two.
        var inA = seats.Choose(3, new SeatRequest(Section: "A", Together: true), own: null);

        Assert.Equal((BookingOutcome.NoAdjacentSeats, 2), (three.Refusal, three.LongestRun));
        Assert.Equal(BookingOutcome.SoldOut, four.Refusal);
        Assert.Equal((BookingOutcome.NoAdjacentSeats, 2), (inA.Refusal, inA.LongestRun));
    }
}
