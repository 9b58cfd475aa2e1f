using CsCheck;
using Evently.Domain.Seating;

namespace Evently.Domain.Tests.Seating;

public sealed class SeatMapTests
{
    private static SeatingPlan Plan(params (string Section, int[] Rows)[] sections) => new(
        sections.Select(s => new PlanSection(s.Section, s.Rows.Select((n, i) => new PlanRow((i + 1).ToString(), n)).ToList())).ToList());

    [Fact]
    public void Seat_ids_name_section_row_and_number_and_parse_back()
    {
        var map = new SeatMap(Plan(("A", [3, 4]), ("B", [2])));
        Assert.Equal(9, map.Capacity);
        Assert.Equal("A-1-1", map.SeatId(0));
        Assert.Equal("A-2-4", map.SeatId(6));
        Assert.Equal("B-1-2", map.SeatId(8));
        for (var seat = 0; seat < map.Capacity; seat++)
        {
            Assert.True(map.TryFind(map.SeatId(seat), out var found));
            Assert.Equal(seat, found);
        }

        Assert.False(map.TryFind("A-1-4", out _));
        Assert.False(map.TryFind("A-1-0", out _));
        Assert.False(map.TryFind("C-1-1", out _));
        Assert.False(map.TryFind("A-3-1", out _));
        Assert.False(map.TryFind("A1-1", out _));
        Assert.False(map.TryFind("A-1-+1", out _));
        Assert.False(map.TryFind("", out _));
        Assert.False(map.TryFind(null, out _));
    }

    [Fact]
    public void A_plan_names_seats_by_index_as_its_seat_map_does()
    {
        Gen.Int[1, 4].Array[1, 4].Array[1, 3].Sample(sections =>
        {
            var plan = Plan(sections.Select((rows, i) => ($"S{i}", rows)).ToArray());
            var map = new SeatMap(plan);
            var every = Enumerable.Range(0, map.Capacity).Reverse().ToList();
            Assert.Equal(every.Select(map.SeatId), plan.SeatIds(every));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(("A", [2])).SeatIds([2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plan(("A", [2])).SeatIds([-1]));
    }

    [Fact]
    public void Best_available_takes_the_lowest_row_with_a_run_together()
    {
        var map = new SeatMap(Plan(("A", [4, 4, 4])));
        map.Move([1], SeatState.Available, SeatState.Sold);
        map.Move([6], SeatState.Available, SeatState.Held);

        // Row 1 has 3 free seats but no run of 3; row 2 has 3 free but split 2+1... only row 3 has the run.
        Assert.Equal([2, 3], map.FindBestAvailable(2)!);
        Assert.Equal([8, 9, 10], map.FindBestAvailable(3)!);
        Assert.Null(map.FindBestAvailable(5));
        Assert.Equal([0, 2, 3], map.FindBestAvailable(3, together: false)!);
        Assert.Equal([0, 2, 3, 4, 5], map.FindBestAvailable(5, together: false)!);
        Assert.Null(map.FindBestAvailable(11, together: false));
        Assert.Equal(10, map.FindBestAvailable(10, together: false)!.Length);
    }

    [Fact]
    public void Best_available_keeps_to_the_section_asked_for()
    {
        var map = new SeatMap(Plan(("A", [2]), ("B", [2, 3])));
        Assert.Equal([2, 3], map.FindBestAvailable(2, map.SectionIndex("B"))!);
        Assert.Equal([4, 5, 6], map.FindBestAvailable(3, map.SectionIndex("B"))!);
        Assert.Null(map.FindBestAvailable(3, map.SectionIndex("A")));
        Assert.Null(map.SectionIndex("Z"));
    }

    [Fact]
    public void A_refused_move_changes_nothing()
    {
        var map = new SeatMap(Plan(("A", [5])));
        map.Move([3], SeatState.Available, SeatState.Sold);
        Assert.Throws<InvalidOperationException>(() => map.Move([0, 1, 3], SeatState.Available, SeatState.Held));
        Assert.Equal("aaasa", map.RowStates(0));
        Assert.Throws<InvalidOperationException>(() => map.Move([0, 0], SeatState.Available, SeatState.Held));
        Assert.Equal("aaasa", map.RowStates(0));
        Assert.Equal((4, 0, 1), (map.Available, map.Held, map.Sold));
        Assert.Equal([3], map.NotAvailable([0, 3, 4]));
    }

    [Fact]
    public void Category_prices_follow_the_plan()
    {
        var plan = new SeatingPlan(
            [new PlanSection("A", [new PlanRow("1", 3, ["vip", "std", "vip"]), new PlanRow("2", 1)])],
            [new PriceCategory("vip", 90m), new PriceCategory("std", 40m)]);
        Assert.Empty(SeatingPlanRules.Validate(plan));
        var map = new SeatMap(plan);
        Assert.Equal(90m, map.CategoryPrice(0));
        Assert.Equal(40m, map.CategoryPrice(1));
        Assert.Null(map.CategoryPrice(3));
        Assert.Null(new SeatMap(Plan(("A", [2]))).CategoryPrice(0));
    }

    [Theory]
    [InlineData("sections")]
    [InlineData("sections[0].name")]
    [InlineData("sections[1].name")]
    [InlineData("sections[0].rows[0].seats")]
    [InlineData("sections[0].rows[1].label")]
    [InlineData("sections[0].rows[0].categories")]
    [InlineData("categories[0].price")]
    public void Invalid_plans_name_the_field_at_fault(string field)
    {
        SeatingPlan plan = field switch
        {
            "sections" => new SeatingPlan([new PlanSection("A", Enumerable.Range(1, 101).Select(i => new PlanRow($"{i}", 1000)).ToList())]),
            "sections[0].name" => Plan(("A-B", [1])),
            "sections[1].name" => Plan(("A", [1]), ("A", [1])),
            "sections[0].rows[0].seats" => Plan(("A", [0])),
            "sections[0].rows[1].label" => new SeatingPlan([new PlanSection("A", [new PlanRow("1", 1), new PlanRow("1", 2)])]),
            "sections[0].rows[0].categories" => new SeatingPlan([new PlanSection("A", [new PlanRow("1", 2, ["x", "y"])])], [new PriceCategory("x", 1)]),
            _ => new SeatingPlan([new PlanSection("A", [new PlanRow("1", 1)])], [new PriceCategory("x", -1)]),
        };
        Assert.Contains(field, SeatingPlanRules.Validate(plan).Keys);
        Assert.Empty(SeatingPlanRules.Validate(Plan(("A", [1000]), ("B", [1]))));
    }

    [Fact]
    public void Random_takes_and_frees_keep_every_seat_in_one_state_and_runs_adjacent_in_the_lowest_row()
    {
        var rows = Gen.Int[1, 12].Array[1, 8];
        var op = Gen.Select(Gen.Int[0, 3], Gen.Int[1, 6], Gen.Int[0, 1000]);
        Gen.Select(rows, op.Array[1, 80]).Sample((rowSeats, ops) =>
        {
            var map = new SeatMap(Plan(("A", rowSeats)));
            var owners = new List<(int[] Seats, SeatState State)>();
            foreach (var (kind, quantity, pick) in ops)
            {
                switch (kind)
                {
                    case 0 or 1:
                        var together = kind == 0;
                        var found = map.FindBestAvailable(quantity, together: together);
                        if (found is null)
                        {
                            Assert.True(together ? !HasRun(map, rowSeats, quantity) : map.Available < quantity);
                            break;
                        }

                        Assert.Equal(quantity, found.Distinct().Count());
                        Assert.All(found, s => Assert.Equal(SeatState.Available, map.StateOf(s)));
                        if (together)
                        {
                            Assert.True(found.Zip(found.Skip(1)).All(p => p.Second == p.First + 1));
                            Assert.Equal(RowOf(rowSeats, found[0]), RowOf(rowSeats, found[^1]));

                            // No lower row has the run.
                            Assert.False(HasRun(map, rowSeats[..RowOf(rowSeats, found[0])], quantity));
                        }

                        var state = pick % 2 == 0 ? SeatState.Sold : SeatState.Held;
                        map.Move(found, SeatState.Available, state);
                        owners.Add((found, state));
                        break;
                    case 2 when owners.Count > 0:
                        var (seats, held) = owners[pick % owners.Count];
                        owners.RemoveAt(pick % owners.Count);
                        map.Move(seats, held, SeatState.Available);
                        break;
                    case 3:
                        var specific = Enumerable.Range(pick % map.Capacity, Math.Min(quantity, map.Capacity - pick % map.Capacity)).ToArray();
                        var gone = map.NotAvailable(specific);
                        if (gone.Count > 0)
                        {
                            Assert.Throws<InvalidOperationException>(() => map.Move(specific, SeatState.Available, SeatState.Sold));
                        }
                        else
                        {
                            map.Move(specific, SeatState.Available, SeatState.Sold);
                            owners.Add((specific, SeatState.Sold));
                        }

                        break;
                }

                // Every seat in exactly one state, counted once; owners never share a seat.
                var all = owners.SelectMany(o => o.Seats).ToList();
                Assert.Equal(all.Count, all.Distinct().Count());
                Assert.Equal(owners.Where(o => o.State == SeatState.Held).Sum(o => o.Seats.Length), map.Held);
                Assert.Equal(owners.Where(o => o.State == SeatState.Sold).Sum(o => o.Seats.Length), map.Sold);
                Assert.Equal(map.Capacity, map.Available + map.Held + map.Sold);
                var text = string.Concat(Enumerable.Range(0, map.RowCount).Select(map.RowStates));
                Assert.Equal(map.Available, text.Count(c => c == 'a'));
                Assert.Equal(map.Held, text.Count(c => c == 'h'));
                Assert.Equal(map.Sold, text.Count(c => c == 's'));
            }
        });
    }

    private static int RowOf(int[] rowSeats, int seat)
    {
        var row = 0;
        while (seat >= rowSeats[row])
        {
            seat -= rowSeats[row++];
        }

        return row;
    }

    private static bool HasRun(SeatMap map, int[] rowSeats, int quantity)
    {
        var start = 0;
        foreach (var length in rowSeats)
        {
            var run = 0;
            for (var seat = start; seat < start + length; seat++)
            {
                run = map.StateOf(seat) == SeatState.Available ? run + 1 : 0;
                if (run >= quantity)
                {
                    return true;
                }
            }

            start += length;
        }

        return false;
    }
}
