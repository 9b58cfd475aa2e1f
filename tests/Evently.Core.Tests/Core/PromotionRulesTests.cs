using Evently.Core.Answers;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;
using Evently.Domain.Events;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>
/// Promotions and the sale's rules: nobody is promoted into seats the rules would not let them claim, and a promotion
/// once made can be claimed until its window ends, whatever the window, the waiting room or the limit say since.
/// </summary>
public sealed class PromotionRulesTests
{
    private static readonly DateTimeOffset Opens = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closes = Opens.AddHours(1);

    private static async Task<(EventCore Core, ScriptedStore Store, SimClock Clock)> StartAsync(
        int capacity, DateTimeOffset now, int? limit = null, WaitingRoomSettings? room = null)
    {
        var store = new ScriptedStore();
        store.Configure(e => e with
        {
            Seats = Domain.Events.SeatLedger.ForCapacity(capacity),
            EventDate = Opens.AddDays(1),
            PromotionWindowMinutes = 15,
            Sale = new SaleSettings(Opens, Closes, limit, room),
        });
        var clock = new SimClock(now);
        var core = new EventCore(ScriptedStore.EventId, store, store, clock);
        await core.ActivateAsync();
        return (core, store, clock);
    }

    private static int Promotions(ScriptedStore store) => store.Committed.SelectMany(b => b.Promotions).Count(p => p.IsNew);

    private static int PromotedNotices(ScriptedStore store) =>
        store.Committed.SelectMany(b => b.Notifications).Count(n => n.Kind == "waitlist_promoted");

    [Fact]
    public void A_cancellation_after_the_close_promotes_nobody_and_the_seat_goes_back_to_the_pool() => OneThread.Run(async () =>
    {
        var (core, store, clock) = await StartAsync(1, Opens);
        var (buyer, waiter) = (Guid.NewGuid(), Guid.NewGuid());
        var booking = (await core.BookAsync(buyer, 1, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(waiter, 1, null)).Outcome);

        clock.Advance(Closes - Opens);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, buyer, false)).Outcome);

        Assert.Equal(WaitlistStatus.Waiting, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        Assert.Equal(0, Promotions(store));
        Assert.Equal(0, PromotedNotices(store));
        Assert.Equal(1, core.Committed!.Seats.AvailableSeats);
        Assert.Equal(0, core.Committed.Seats.HeldSeats);
    });

    [Fact]
    public void A_promotion_made_before_the_close_is_claimable_after_it_until_its_window_ends() => OneThread.Run(async () =>
    {
        var (core, _, clock) = await StartAsync(2, Closes.AddMinutes(-5));
        var (buyer, waiter, stranger) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var booking = (await core.BookAsync(buyer, 2, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(waiter, 1, null)).Outcome);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, buyer, false)).Outcome);
        Assert.Equal(WaitlistStatus.Promoted, core.GetWaitlistEntry(waiter).Place!.Entry.Status);

        clock.Advance(TimeSpan.FromMinutes(10));

        // The close stops new sales (the free seat stays unsold, and a claim may not grow past what was promoted)...
        Assert.Equal(BookingOutcome.SalesClosed, (await core.BookAsync(stranger, 1, null)).Outcome);
        Assert.Equal(BookingOutcome.SalesClosed, (await core.BookAsync(waiter, 2, null)).Outcome);

        // ...but the promotion made while sales were open is kept.
        var claimed = await core.BookAsync(waiter, 1, null);
        Assert.Equal(BookingOutcome.Confirmed, claimed.Outcome);
        Assert.Equal(WaitlistStatus.Booked, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        Assert.Equal(1, core.Committed!.Seats.AvailableSeats);
    });

    [Fact]
    public void A_promoted_user_claims_without_an_admission_while_others_need_one() => OneThread.Run(async () =>
    {
        var (core, _, clock) = await StartAsync(1, Opens, room: new WaitingRoomSettings(60));
        var (buyer, waiter, stranger, lapsed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        core.Admit([(buyer, Closes), (waiter, Opens.AddMinutes(5)), (lapsed, Opens.AddMinutes(5))]);
        var booking = (await core.BookAsync(buyer, 1, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(waiter, 1, null)).Outcome);

        // The waiter's admission lapses while they wait; then a seat frees up and they are promoted.
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, buyer, false)).Outcome);
        Assert.Equal(WaitlistStatus.Promoted, core.GetWaitlistEntry(waiter).Place!.Entry.Status);

        Assert.Equal(BookingOutcome.AdmissionRequired, (await core.BookAsync(stranger, 1, null)).Outcome);
        Assert.Equal(BookingOutcome.AdmissionRequired, (await core.BookAsync(lapsed, 1, null)).Outcome);
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(waiter, 1, null)).Outcome);
    });

    [Fact]
    public void A_lowered_limit_passes_over_a_waiter_who_could_not_claim_and_promotes_the_next() => OneThread.Run(async () =>
    {
        var (core, _, clock) = await StartAsync(4, Opens, limit: 4);
        var (buyer, waiter, next) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(waiter, 2, null)).Outcome);
        var booking = (await core.BookAsync(buyer, 2, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(waiter, 2, null)).Outcome);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(next, 2, null)).Outcome);

        // The waiter already has 2: under a limit of 3 they could claim only 1 of the 2 they wait for.
        Assert.Equal(EventOutcome.Ok, (await core.UpdateAsync(new EventEdit(Sale: new SaleEdit(SetsMaxTicketsPerUser: true, MaxTicketsPerUser: 3)))).Outcome);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, buyer, false)).Outcome);

        Assert.Equal(WaitlistStatus.Waiting, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        Assert.Equal(1, core.GetWaitlistEntry(waiter).Place!.Position);
        Assert.Equal(WaitlistStatus.Promoted, core.GetWaitlistEntry(next).Place!.Entry.Status);
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(next, 2, null)).Outcome);
    });

    [Fact]
    public void An_edit_that_closes_the_sale_promotes_nobody_and_one_that_reopens_it_does() => OneThread.Run(async () =>
    {
        var (core, store, clock) = await StartAsync(1, Opens.AddMinutes(30));
        var (buyer, waiter) = (Guid.NewGuid(), Guid.NewGuid());
        var booking = (await core.BookAsync(buyer, 1, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(waiter, 1, null)).Outcome);

        Assert.Equal(EventOutcome.Ok, (await core.UpdateAsync(new EventEdit(Sale: new SaleEdit(SalesEndAt: clock.GetUtcNow())))).Outcome);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, buyer, false)).Outcome);
        Assert.Equal(WaitlistStatus.Waiting, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        Assert.Equal(0, PromotedNotices(store));

        // Reopened, the line comes first: the edit's own promotion round hands the free seat to the waiter.
        Assert.Equal(EventOutcome.Ok, (await core.UpdateAsync(new EventEdit(Sale: new SaleEdit(SalesEndAt: Closes)))).Outcome);
        Assert.Equal(WaitlistStatus.Promoted, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(waiter, 1, null)).Outcome);
    });

    [Fact]
    public void Seats_freed_before_the_opening_go_to_the_line_first_once_sales_open() => OneThread.Run(async () =>
    {
        var (core, store, clock) = await StartAsync(1, Opens.AddMinutes(10));
        var (buyer, waiter, stranger) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var booking = (await core.BookAsync(buyer, 1, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(waiter, 1, null)).Outcome);

        // The organizer moves the opening later: a seat freed meanwhile is promoted to nobody, who could not claim it yet.
        var reopens = clock.GetUtcNow().AddMinutes(5);
        Assert.Equal(EventOutcome.Ok, (await core.UpdateAsync(new EventEdit(Sale: new SaleEdit(SalesStartAt: reopens)))).Outcome);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, buyer, false)).Outcome);
        Assert.Equal(WaitlistStatus.Waiting, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        Assert.Equal(0, PromotedNotices(store));

        // Once open, the first request finds the seat promoted to the line, not free for whoever asks first.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(BookingOutcome.SoldOut, (await core.BookAsync(stranger, 1, null)).Outcome);

        // Reads show what is committed: the promotion shows once its batch is durable.
        Assert.Equal(WaitlistStatus.Waiting, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        for (var turn = 0; turn < 20 && core.GetWaitlistEntry(waiter).Place!.Entry.Status != WaitlistStatus.Promoted; turn++)
        {
            await Task.Yield();
        }

        Assert.Equal(WaitlistStatus.Promoted, core.GetWaitlistEntry(waiter).Place!.Entry.Status);
        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(waiter, 1, null)).Outcome);
        Assert.Equal(1, PromotedNotices(store));
    });

    [Fact]
    public void A_promotion_made_under_a_higher_limit_is_kept_when_the_limit_is_lowered() => OneThread.Run(async () =>
    {
        var (core, _, _) = await StartAsync(2, Opens, limit: 2);
        var (buyer, waiter) = (Guid.NewGuid(), Guid.NewGuid());
        var booking = (await core.BookAsync(buyer, 2, null)).Booking!;
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(waiter, 2, null)).Outcome);
        Assert.Equal(BookingOutcome.Cancelled, (await core.CancelBookingAsync(booking.Id, buyer, false)).Outcome);
        Assert.Equal(WaitlistStatus.Promoted, core.GetWaitlistEntry(waiter).Place!.Entry.Status);

        Assert.Equal(EventOutcome.Ok, (await core.UpdateAsync(new EventEdit(Sale: new SaleEdit(SetsMaxTicketsPerUser: true, MaxTicketsPerUser: 1)))).Outcome);

        Assert.Equal(BookingOutcome.Confirmed, (await core.BookAsync(waiter, 2, null)).Outcome);
    });
}
