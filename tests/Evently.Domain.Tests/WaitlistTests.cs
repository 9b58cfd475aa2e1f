using Evently.Domain.Events;
using Evently.Domain.Waitlists;
using Microsoft.Extensions.Time.Testing;

namespace Evently.Domain.Tests;

public sealed class WaitlistTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2027-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly Waitlist _waitlist = new();
    private SeatLedger _seats = new(10, 0, 0);

    [Fact]
    public void Order_is_priority_then_join_time_then_id()
    {
        var early = Join(quantity: 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        var late = Join(quantity: 1);
        var vip = _waitlist.Join(Guid.NewGuid(), Guid.NewGuid(), 1, priorityScore: 5, null, _time.GetUtcNow())!.Entry.UserId;

        Assert.Equal([vip, early, late], _waitlist.Open.Select(e => e.UserId));
        Assert.Equal(2, _waitlist.PositionOf(early));
        Assert.Null(_waitlist.Join(Guid.NewGuid(), early, 1, 0, null, _time.GetUtcNow()));
    }

    [Fact]
    public void Ties_on_priority_and_time_fall_back_to_id()
    {
        var a = _waitlist.Join(Guid.Parse("00000000-0000-0000-0000-000000000002"), Guid.NewGuid(), 1, 0, null, _time.GetUtcNow())!.Entry;
        var b = _waitlist.Join(Guid.Parse("00000000-0000-0000-0000-000000000001"), Guid.NewGuid(), 1, 0, null, _time.GetUtcNow())!.Entry;

        Assert.Equal([b.UserId, a.UserId], _waitlist.Open.Select(e => e.UserId));
    }

    [Fact]
    public void Partial_fit_promotes_smaller_entries_behind_a_big_one_and_the_big_one_when_seats_allow()
    {
        var party = Join(quantity: 3);
        var single = Join(quantity: 1);
        _seats = _seats with { AvailableSeats = 2 };

        var first = Promote();

        Assert.Equal([single], first.Select(c => c.Entry.UserId));
        Assert.Equal(WaitlistStatus.Waiting, _waitlist.Find(party)!.Status);
        Assert.Equal(new SeatLedger(10, 1, 1), _seats);
        Assert.Equal(1, _waitlist.PositionOf(party));

        _seats = _seats with { AvailableSeats = _seats.AvailableSeats + 2 };
        var second = Promote();

        Assert.Equal([party], second.Select(c => c.Entry.UserId));
        Assert.Equal(new SeatLedger(10, 0, 4), _seats);
    }

    [Fact]
    public void Expiry_releases_seats_to_the_next_in_line_and_is_idempotent()
    {
        var first = Join(quantity: 2);
        var second = Join(quantity: 2);
        _seats = _seats with { AvailableSeats = 2 };
        Promote();
        var deadline = _waitlist.NextExpiry;
        var promotedAt = _time.GetUtcNow();

        _time.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.Empty(_waitlist.Expire(ref _seats, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = _waitlist.Expire(ref _seats, _time.GetUtcNow());
        var again = _waitlist.Expire(ref _seats, _time.GetUtcNow());
        var next = Promote();

        Assert.Equal(promotedAt + Window, deadline!.Value);
        Assert.Equal([first], expired.Select(c => c.Entry.UserId));
        Assert.Empty(again);
        Assert.Equal(WaitlistStatus.Expired, _waitlist.Find(first)!.Status);
        Assert.Equal([second], next.Select(c => c.Entry.UserId));
        Assert.Equal(new SeatLedger(10, 0, 2), _seats);
        Assert.Equal(1, _waitlist.Length);
    }

    [Fact]
    public void Leaving_while_promoted_passes_the_seats_on_and_positions_stay_dense()
    {
        var a = Join(quantity: 1);
        var b = Join(quantity: 1);
        var c = Join(quantity: 1);
        _seats = _seats with { AvailableSeats = 1 };
        Promote();

        var left = _waitlist.Leave(a, ref _seats);
        Promote();

        Assert.Equal(WaitlistStatus.Left, left!.Entry.Status);
        Assert.Equal(WaitlistStatus.Promoted, _waitlist.Find(b)!.Status);
        Assert.Equal((1, 2, 0), (_waitlist.PositionOf(b), _waitlist.PositionOf(c), _waitlist.PositionOf(a)));
        Assert.Null(_waitlist.Leave(a, ref _seats));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(_waitlist.Join(Guid.NewGuid(), a, 1, 0, null, _time.GetUtcNow()));
        Assert.Equal(3, _waitlist.PositionOf(a));
    }

    [Fact]
    public void Holder_books_out_of_held_seats_and_unused_held_seats_return()
    {
        var holder = Join(quantity: 3);
        _seats = _seats with { AvailableSeats = 3 };
        Promote();

        Assert.Null(_waitlist.BookHeld(Guid.NewGuid(), 1, Guid.NewGuid(), ref _seats));
        var booked = _waitlist.BookHeld(holder, 2, Guid.NewGuid(), ref _seats);

        Assert.Equal(WaitlistStatus.Booked, booked!.Entry.Status);
        Assert.Equal(new SeatLedger(10, 1, 0), _seats);
        Assert.Null(_waitlist.NextExpiry);
    }

    [Fact]
    public void Capacity_growth_promotes_and_cancellation_of_the_event_closes_everything()
    {
        var a = Join(quantity: 2);
        var b = Join(quantity: 2);
        Assert.True(_seats.TryResize(12, out _seats));
        Promote();
        Assert.Equal(WaitlistStatus.Promoted, _waitlist.Find(a)!.Status);

        var closed = _waitlist.Close(ref _seats);

        Assert.Equal(2, closed.Count);
        Assert.Equal(0, _seats.HeldSeats);
        Assert.Equal(WaitlistStatus.Closed, _waitlist.Find(b)!.Status);
        Assert.Equal(0, _waitlist.Length);
    }

    private Guid Join(int quantity)
    {
        _time.Advance(TimeSpan.FromMilliseconds(1));
        return _waitlist.Join(Guid.NewGuid(), Guid.NewGuid(), quantity, 0, null, _time.GetUtcNow())!.Entry.UserId;
    }

    private IReadOnlyList<WaitlistChange> Promote() => _waitlist.Promote(ref _seats, Window, _time.GetUtcNow(), Guid.NewGuid);
}
