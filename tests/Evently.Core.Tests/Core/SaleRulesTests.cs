using Evently.Core.Answers;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;
using Evently.Domain.Holds;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>The sale's rules as the core decides them: the window to the millisecond, the per-user limit under parallel requests.</summary>
public sealed class SaleRulesTests
{
    private static readonly DateTimeOffset Opens = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closes = Opens.AddHours(1);

    private static async Task<(EventCore Core, ScriptedStore Store, SimClock Clock)> StartAsync(int capacity, int? limit, DateTimeOffset now)
    {
        var store = new ScriptedStore();
        store.Configure(e => e with
        {
            Seats = Domain.Events.SeatLedger.ForCapacity(capacity),
            EventDate = Opens.AddDays(1),
            Sale = new SaleSettings(Opens, Closes, limit),
        });
        var clock = new SimClock(now);
        var core = new EventCore(ScriptedStore.EventId, store, store, clock);
        await core.ActivateAsync();
        return (core, store, clock);
    }

    [Fact]
    public void The_window_opens_and_closes_exactly_at_its_millisecond() => OneThread.Run(async () =>
    {
        var (core, _, clock) = await StartAsync(100, null, Opens.AddMilliseconds(-1));

        var early = await core.BookAsync(Guid.NewGuid(), 1, null);
        Assert.Equal(BookingOutcome.SalesNotOpen, early.Outcome);
        Assert.Equal(Opens, early.SalesStartAt);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(Guid.NewGuid(), 1, null)).Outcome);

        clock.Advance(Closes - Opens - TimeSpan.FromMilliseconds(1));
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(Guid.NewGuid(), 1, null)).Outcome);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(BookingOutcome.SalesClosed, (await core.BookAsync(Guid.NewGuid(), 1, null)).Outcome);
    });

    [Fact]
    public void The_waitlist_is_gated_like_a_booking_by_the_window_and_the_waiting_room() => OneThread.Run(async () =>
    {
        var store = new ScriptedStore();
        store.Configure(e => e with
        {
            Seats = Domain.Events.SeatLedger.ForCapacity(1),
            EventDate = Opens.AddDays(1),
            Sale = new SaleSettings(Opens, Closes, null, new WaitingRoomSettings(60)),
        });
        var clock = new SimClock(Opens.AddMilliseconds(-1));
        var core = new EventCore(ScriptedStore.EventId, store, store, clock);
        await core.ActivateAsync();
        var (admitted, stranger) = (Guid.NewGuid(), Guid.NewGuid());
        core.Admit([(admitted, Closes)]);

        var early = await core.JoinWaitlistAsync(admitted, 1, null);
        Assert.Equal(WaitlistOutcome.SalesNotOpen, early.Outcome);
        Assert.Equal(Opens, early.SalesStartAt);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(admitted, 1, null)).Outcome);
        Assert.Equal(WaitlistOutcome.AdmissionRequired, (await core.JoinWaitlistAsync(stranger, 1, null)).Outcome);
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(admitted, 1, null)).Outcome);

        clock.Advance(Closes - Opens);
        Assert.Equal(WaitlistOutcome.SalesClosed, (await core.JoinWaitlistAsync(Guid.NewGuid(), 1, null)).Outcome);
        Assert.Single(store.Committed.SelectMany(b => b.WaitlistRows));
    });

    [Fact]
    public void Parallel_requests_of_one_user_never_pass_the_limit() => OneThread.Run(async () =>
    {
        var (core, store, _) = await StartAsync(100, 5, Opens);
        var user = Guid.NewGuid();

        // All 32 are decided before any commit completes: each must count the ones in flight.
        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => core.BookAsync(user, 1, $"k{i}")));

        Assert.Equal(5, answers.Count(a => a.Outcome == BookingOutcome.Confirmed));
        Assert.All(answers.Where(a => a.Outcome != BookingOutcome.Confirmed), a =>
        {
            Assert.Equal(BookingOutcome.TicketLimitReached, a.Outcome);
            Assert.Equal(0, a.Remaining);
        });
        Assert.Equal(5, store.Committed.SelectMany(b => b.Bookings).Sum(b => b.Quantity));
    });

    [Fact]
    public void The_limit_says_how_many_remain_and_counts_from_the_store_after_reactivation() => OneThread.Run(async () =>
    {
        var (core, store, clock) = await StartAsync(100, 4, Opens);
        var user = Guid.NewGuid();
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(user, 3, null)).Outcome);

        var fresh = new EventCore(ScriptedStore.EventId, new LoadedWith(store, user, 3), store, clock);
        await fresh.ActivateAsync();
        var refused = await fresh.BookAsync(user, 2, null);

        Assert.Equal(BookingOutcome.TicketLimitReached, refused.Outcome);
        Assert.Equal(1, refused.Remaining);
        Assert.Equal(BookingOutcome.Confirmed, (await fresh.BookAsync(user, 1, null)).Outcome);
    });

    [Fact]
    public void Held_seats_count_towards_the_limit() => OneThread.Run(async () =>
    {
        var (core, _, _) = await StartAsync(3, 2, Opens);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(a, 1, null)).Outcome);
        var bBooking = (await core.BookAsync(b, 1, null)).Booking!;
        var cBooking = (await core.BookAsync(c, 1, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(a, 1, null)).Outcome);

        // b's seat is promoted to a (held for a), c's seat is free for anyone.
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(bBooking.Id, b, false)).Outcome);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(cBooking.Id, c, false)).Outcome);

        // a has 1 confirmed + 1 held: booking 2 (the held seat and the free one) would make 3.
        var refused = await core.BookAsync(a, 2, null);
        Assert.Equal(BookingOutcome.TicketLimitReached, refused.Outcome);
        Assert.Equal(1, refused.Remaining);
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(a, 1, null)).Outcome);
    });

    [Fact]
    public void Checkout_holds_count_towards_the_limit_while_held_and_once_confirmed() => OneThread.Run(async () =>
    {
        var (core, store, _) = await StartAsync(100, 4, Opens);
        var user = Guid.NewGuid();

        // 16 parallel holds of 1: four fit under the limit, the rest are told none remain.
        var holds = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => core.HoldAsync(user, 1, $"h{i}")));
        Assert.Equal(4, holds.Count(h => h.Outcome == HoldOutcome.Held));
        Assert.All(holds.Where(h => h.Outcome != HoldOutcome.Held), h =>
        {
            Assert.Equal(BookingOutcome.TicketLimitReached, h.Refusal);
            Assert.Equal(0, h.Remaining);
        });

        // Confirming turns held seats into confirmed ones: still four, so a booking is refused.
        var held = holds.Where(h => h.Outcome == HoldOutcome.Held).Select(h => h.Hold!).ToList();
        Assert.Equal(HoldOutcome.Confirmed, (await core.ConfirmHoldAsync(held[0].Id, user)).Outcome);
        Assert.Equal(HoldOutcome.Confirmed, (await core.ConfirmHoldAsync(held[1].Id, user)).Outcome);
        Assert.Equal(BookingOutcome.TicketLimitReached, (await core.BookAsync(user, 1, null)).Outcome);

        // Releasing a hold gives its seat back to the user's allowance.
        Assert.Equal(HoldOutcome.Released, (await core.ReleaseHoldAsync(held[2].Id, user, false)).Outcome);
        var booked = await core.BookAsync(user, 2, null);
        Assert.Equal(BookingOutcome.TicketLimitReached, booked.Outcome);
        Assert.Equal(1, booked.Remaining);
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(user, 1, null)).Outcome);
        Assert.Equal(3, store.Committed.SelectMany(b => b.Bookings).Sum(b => b.Quantity));
    });

    [Fact]
    public void A_hold_is_refused_outside_the_window_like_a_booking() => OneThread.Run(async () =>
    {
        var (core, _, clock) = await StartAsync(100, null, Opens.AddMilliseconds(-1));

        var early = await core.HoldAsync(Guid.NewGuid(), 1, null);
        Assert.Equal(BookingOutcome.SalesNotOpen, early.Refusal);
        Assert.Equal(Opens, early.SalesStartAt);

        clock.Advance(Closes - Opens + TimeSpan.FromMilliseconds(1));
        Assert.Equal(BookingOutcome.SalesClosed, (await core.HoldAsync(Guid.NewGuid(), 1, null)).Refusal);
    });

    /// <summary>The scripted store, loading with a user's confirmed seats as PostgreSQL's group-by would give them.</summary>
    private sealed class LoadedWith(ScriptedStore inner, Guid user, int seats) : Ports.IEventStore
    {
        public Task<Ports.StoredEvent?> LoadAsync(Guid eventId, CancellationToken cancellationToken = default) =>
            Task.FromResult<Ports.StoredEvent?>(new Ports.StoredEvent(inner.Event, [], new Dictionary<Guid, int> { [user] = seats }));

        public Task CreateAsync(EventRecord record, CancellationToken cancellationToken = default) => inner.CreateAsync(record, cancellationToken);

        public Task<long> CommitAsync(Batches.EventBatch batch, long expectedVersion, CancellationToken cancellationToken = default) =>
            inner.CommitAsync(batch, expectedVersion, cancellationToken);

        public Task<Domain.Bookings.Booking?> FindBookingAsync(Guid bookingId, CancellationToken cancellationToken = default) =>
            inner.FindBookingAsync(bookingId, cancellationToken);

        public Task<Domain.Bookings.Booking?> FindBookingByRefAsync(Guid eventId, string bookingRef, CancellationToken cancellationToken = default) =>
            inner.FindBookingByRefAsync(eventId, bookingRef, cancellationToken);

        public Task<IReadOnlyList<Domain.Bookings.Booking>> FindKeyedBookingsAsync(
            Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
            inner.FindKeyedBookingsAsync(eventId, keys, cancellationToken);
    }
}
