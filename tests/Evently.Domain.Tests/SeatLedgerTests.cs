using CsCheck;
using Evently.Domain.Bookings;
using Evently.Domain.Events;

namespace Evently.Domain.Tests;

public sealed class SeatLedgerTests
{
    [Fact]
    public void Random_takes_releases_and_resizes_never_oversell()
    {
        var op = Gen.Select(Gen.Int[0, 2], Gen.Int[1, 12]);
        Gen.Select(Gen.Int[1, 200], op.Array[1, 200]).Sample((capacity, ops) =>
        {
            var ledger = SeatLedger.ForCapacity(capacity);
            var sold = 0;
            foreach (var (kind, n) in ops)
            {
                switch (kind)
                {
                    case 0 when ledger.TryTake(n, out var after):
                        Assert.True(n <= ledger.AvailableSeats);
                        ledger = after;
                        sold += n;
                        break;
                    case 0:
                        Assert.True(n > ledger.AvailableSeats);
                        break;
                    case 1 when n <= sold:
                        ledger = ledger.Release(n);
                        sold -= n;
                        break;
                    case 2 when ledger.TryResize(capacity + n - 6, out var resized):
                        ledger = resized;
                        break;
                }

                Assert.Equal(ledger.TotalCapacity, ledger.AvailableSeats + ledger.HeldSeats + sold);
                Assert.InRange(ledger.AvailableSeats, 0, ledger.TotalCapacity);
                Assert.Equal(sold, ledger.SoldSeats);
            }
        });
    }

    [Fact]
    public void Capacity_cannot_drop_below_seats_sold()
    {
        Assert.True(SeatLedger.ForCapacity(10).TryTake(7, out var ledger));
        Assert.False(ledger.TryResize(6, out _));
        Assert.True(ledger.TryResize(7, out var exact));
        Assert.Equal(0, exact.AvailableSeats);
        Assert.True(ledger.TryResize(20, out var grown));
        Assert.Equal(13, grown.AvailableSeats);
    }

    [Fact]
    public void Releasing_more_than_sold_is_a_bug_not_a_refund()
    {
        Assert.True(SeatLedger.ForCapacity(5).TryTake(2, out var ledger));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Release(3));
        Assert.Equal(SeatLedger.ForCapacity(5), ledger.ReleaseAll());
    }

    [Fact]
    public void Past_and_cancelled_events_are_not_bookable_and_past_reads_completed()
    {
        var now = DateTimeOffset.Parse("2027-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(BookingRules.IsBookable(EventStatus.Published, now.AddMinutes(1), now));
        Assert.False(BookingRules.IsBookable(EventStatus.Published, now, now));
        Assert.False(BookingRules.IsBookable(EventStatus.Cancelled, now.AddDays(1), now));
        Assert.Equal(EventStatus.Completed, BookingRules.VisibleStatus(EventStatus.Published, now.AddSeconds(-1), now));
        Assert.Equal(EventStatus.Cancelled, BookingRules.VisibleStatus(EventStatus.Cancelled, now.AddSeconds(-1), now));
        Assert.Equal(149.70m, BookingRules.Total(49.90m, 3));
    }

    [Fact]
    public void Booking_refs_are_short_readable_and_distinct()
    {
        var refs = Enumerable.Range(0, 20_000).Select(_ => BookingRef.New()).ToList();
        Assert.All(refs, r => Assert.True(BookingRef.IsWellFormed(r), r));
        Assert.Equal(refs.Count, refs.Distinct(StringComparer.Ordinal).Count());
    }
}
