using Evently.Core.Answers;
using Evently.Domain.Events;
using Evently.Domain.Waitlists;
using Evently.Domain.Holds;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>
/// Requests share a commit batch, and the store refuses a NUL in text (as PostgreSQL does): the core refuses such a
/// request on its own, before it is enlisted, whatever the edge let through.
/// </summary>
public sealed class UnstorableTextTests
{
    [Fact]
    public void A_NUL_webhook_url_fails_only_its_own_waitlist_join() => OneThread.Run(async () =>
    {
        var store = new ScriptedStore();
        store.Configure(e => e with { Seats = new SeatLedger(1, 0, 0) });
        var core = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await core.ActivateAsync();

        // Started in one turn, so all of them are decided into the same batch.
        var joins = Enumerable.Range(0, 24)
            .Select(i => core.JoinWaitlistAsync(Guid.NewGuid(), 1, i % 2 == 0 ? $"https://example.com/hook/{i}" : "https://example.com/\u0000x"))
            .ToArray();
        var answers = await Task.WhenAll(joins);

        Assert.All(answers.Where((_, i) => i % 2 == 0), a => Assert.Equal(WaitlistOutcome.Ok, a.Outcome));
        Assert.All(answers.Where((_, i) => i % 2 == 1), a => Assert.Equal(WaitlistOutcome.UnstorableText, a.Outcome));
        Assert.False(core.IsBroken);
        var written = store.Committed.SelectMany(b => b.WaitlistRows).Select(w => w.Entry.WebhookUrl).ToList();
        Assert.Equal(12, written.Count);
        Assert.DoesNotContain(written, url => url!.Contains('\0', StringComparison.Ordinal));
        Assert.Equal(WaitlistOutcome.Ok, (await core.JoinWaitlistAsync(Guid.NewGuid(), 1, "https://example.com/late")).Outcome);
    });

    [Fact]
    public void A_NUL_idempotency_key_fails_only_its_own_booking_or_hold() => OneThread.Run(async () =>
    {
        var store = new ScriptedStore();
        store.Configure(e => e with { Seats = SeatLedger.ForCapacity(100) });
        var core = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await core.ActivateAsync();

        var bookings = Enumerable.Range(0, 12).Select(i => core.BookAsync(Guid.NewGuid(), 1, i % 2 == 0 ? $"key-{i}" : "key\u0000")).ToArray();
        var holds = Enumerable.Range(0, 12).Select(i => core.HoldAsync(Guid.NewGuid(), 1, i % 2 == 0 ? $"key-{i}" : "key\u0000")).ToArray();
        var booked = await Task.WhenAll(bookings);
        var held = await Task.WhenAll(holds);

        Assert.All(booked.Where((_, i) => i % 2 == 0), a => Assert.Equal(BookingOutcome.Confirmed, a.Outcome));
        Assert.All(booked.Where((_, i) => i % 2 == 1), a => Assert.Equal(BookingOutcome.UnstorableText, a.Outcome));
        Assert.All(held.Where((_, i) => i % 2 == 0), a => Assert.Equal(HoldOutcome.Held, a.Outcome));
        Assert.All(held.Where((_, i) => i % 2 == 1), a => Assert.Equal((HoldOutcome.Refused, BookingOutcome.UnstorableText), (a.Outcome, a.Refusal!.Value)));
        Assert.False(core.IsBroken);
        Assert.Equal(88, store.Event.Seats.AvailableSeats);
    });

    [Fact]
    public void A_NUL_in_an_edit_or_a_price_reason_fails_only_that_request() => OneThread.Run(async () =>
    {
        var store = new ScriptedStore();
        var core = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await core.ActivateAsync();

        var booking = core.BookAsync(Guid.NewGuid(), 1, null);
        var edit = core.UpdateAsync(new EventEdit(Name: "Launch\u0000"));
        var price = core.SetPriceAsync(12m, "late\u0000", Guid.NewGuid());
        var rename = core.UpdateAsync(new EventEdit(Venue: "Arena"));

        Assert.Equal(BookingOutcome.Confirmed, (await booking).Outcome);
        Assert.Equal(EventOutcome.UnstorableText, (await edit).Outcome);
        Assert.Equal(EventOutcome.UnstorableText, (await price).Outcome);
        Assert.Equal(EventOutcome.Ok, (await rename).Outcome);
        Assert.Equal(("Launch", "Arena", 10m), (store.Event.Name, store.Event.Venue, store.Event.BasePrice));
    });
}
