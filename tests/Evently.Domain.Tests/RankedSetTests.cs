using CsCheck;
using Evently.Domain.Waitlists;

namespace Evently.Domain.Tests;

public sealed class RankedSetTests
{
    [Fact]
    public void Adds_removes_ranks_and_pages_as_a_sorted_list_does()
    {
        // Each op: add (0) or remove (1) a value, then every query is checked against a plain sorted list.
        var op = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 60]);
        op.Array[1, 300].Sample(ops =>
        {
            var set = new RankedSet<int>(Comparer<int>.Default);
            var model = new List<int>();
            foreach (var (kind, value) in ops)
            {
                var present = model.BinarySearch(value) >= 0;
                if (kind == 0)
                {
                    Assert.Equal(!present, set.Add(value));
                    if (!present)
                    {
                        model.Insert(~model.BinarySearch(value), value);
                    }
                }
                else
                {
                    Assert.Equal(present, set.Remove(value));
                    model.Remove(value);
                }

                Assert.Equal(model.Count, set.Count);
                Assert.Equal(model.Count == 0 ? 0 : model[0], set.Min);
                Assert.Equal(Math.Max(-1, model.BinarySearch(value)), set.IndexOf(value));
                var from = value % (model.Count + 2);
                Assert.Equal(model.Skip(from), set.From(from));
            }

            Assert.Equal(model, set);
        });
    }

    [Fact]
    public void Stays_shallow_for_a_hundred_thousand_items_in_join_order()
    {
        // Waitlists grow in join order, the worst case for an unbalanced tree: ranks must stay cheap (and recursion shallow).
        var set = new RankedSet<int>(Comparer<int>.Default);
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(set.Add(i));
        }

        for (var i = 0; i < 100_000; i += 2)
        {
            Assert.True(set.Remove(i));
        }

        Assert.Equal(50_000, set.Count);
        Assert.Equal(25_000, set.IndexOf(50_001));
        Assert.Equal([99_995, 99_997, 99_999], set.From(49_997));
    }
}
