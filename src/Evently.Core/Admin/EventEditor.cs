using System.Text.Json;
using Evently.Core.Answers;
using Evently.Core.Batches;
using Evently.Core.Bookings;
using Evently.Core.Expiry;
using Evently.Core.Holds;
using Evently.Core.Machine;
using Evently.Core.Sales;
using Evently.Core.Seating;
using Evently.Core.Waitlists;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Seating;
using Evently.Domain.Text;

namespace Evently.Core.Admin;

/// <summary>
/// The event itself: creating it, admin changes (details, capacity, price, seating plan) and cancelling it, and the
/// event as reads show it. Edits still uncommitted are counted: an edit against an expected version wins only when
/// there is none, so of several edits from one version exactly one wins.
/// </summary>
internal sealed class EventEditor(
    EventState state, SeatInventory seats, SaleRules saleRules, WaitlistLine line, HoldResolver holds, ExpirySchedule schedule,
    Cancellations cancellations)
{
    private bool _creating;
    private int _pendingEdits;

    /// <summary>Creates the event.</summary>
    public async Task<EventAnswer> CreateAsync(NewEvent command)
    {
        if (state.Exists || _creating)
        {
            return EventAnswer.Of(EventOutcome.AlreadyExists);
        }

        var now = state.Now;
        var record = new EventRecord(state.Id, command.OrganizerId, command.Name, command.Description, command.Venue, command.EventDate,
            SeatLedger.ForCapacity(command.TotalCapacity), command.Price, command.Price, command.PricingPolicy, command.Draft ? EventStatus.Draft : EventStatus.Published,
            command.PromotionWindowMinutes, 1, now, now, command.Sale ?? SaleSettings.Default(now, command.EventDate), command.HoldMinutes);
        _creating = true;
        try
        {
            await state.Store.CreateAsync(record);
        }
        finally
        {
            _creating = false;
        }

        state.Begin(record);
        return new EventAnswer(EventOutcome.Ok, View());
    }

    /// <summary>The event as committed (what its ETag stands for), or null.</summary>
    public EventView? Get() => state.Committed is null ? null : View();

    /// <summary>
    /// Changes details or capacity. With <see cref="EventEdit.ExpectedVersion"/> it succeeds only against the committed
    /// version with no other edit still uncommitted, so of several edits from one version exactly one wins.
    /// </summary>
    public async Task<EventAnswer> UpdateAsync(EventEdit edit)
    {
        if (!state.Exists)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        // Written in a batch shared with other requests: text the store refuses must fail this request alone.
        if (!StoredText.CanStore(edit.Name) || !StoredText.CanStore(edit.Description) || !StoredText.CanStore(edit.Venue))
        {
            return EventAnswer.Of(EventOutcome.UnstorableText);
        }

        if (state.IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        if (edit.ExpectedVersion is { } expected && (expected != state.Committed!.EditVersion || _pendingEdits > 0))
        {
            return EventAnswer.Of(EventOutcome.VersionMismatch);
        }

        var live = state.Live;
        if (live.Status == EventStatus.Cancelled)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        if (edit.TotalCapacity is { } planned && seats.Capacity is { } fixedByPlan && planned != fixedByPlan)
        {
            return EventAnswer.Of(EventOutcome.CapacityFixedByPlan);
        }

        var ledger = live.Seats;
        if (edit.TotalCapacity is { } capacity && !ledger.TryResize(capacity, out ledger))
        {
            return EventAnswer.Of(EventOutcome.CapacityBelowBooked);
        }

        var eventDate = edit.EventDate ?? live.EventDate;
        var publishing = edit.Publish && live.Status == EventStatus.Draft;
        if (publishing && eventDate <= state.Now)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        var sale = (edit.Sale ?? new SaleEdit()).ApplyTo(live.Sale, live.EventDate, eventDate);
        if (!sale.FitsEventDate(eventDate))
        {
            return EventAnswer.Of(EventOutcome.InvalidSaleWindow);
        }

        state.Live = live with
        {
            Name = edit.Name ?? live.Name,
            Description = edit.Description ?? live.Description,
            Venue = edit.Venue ?? live.Venue,
            EventDate = eventDate,
            PromotionWindowMinutes = edit.PromotionWindowMinutes ?? live.PromotionWindowMinutes,
            Sale = sale,
            HoldMinutes = edit.HoldMinutes ?? live.HoldMinutes,
            Status = publishing ? EventStatus.Published : live.Status,
        };
        state.ApplySeats(ledger);
        return await EnlistEditAsync();
    }

    /// <summary>Sets the base price (and the current price, re-applying the demand step); recorded in the price history.</summary>
    public async Task<EventAnswer> SetPriceAsync(decimal basePrice, string reason, Guid adminId)
    {
        if (!state.Exists)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        // Written in a batch shared with other requests: text the store refuses must fail this request alone.
        if (!StoredText.CanStore(reason))
        {
            return EventAnswer.Of(EventOutcome.UnstorableText);
        }

        if (state.IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        var live = state.Live;
        if (live.Status == EventStatus.Cancelled)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        var old = live.Price;
        var price = state.Options.Pricing.PriceFor(live.PricingPolicy, basePrice, live.Seats);
        state.Live = live with { BasePrice = basePrice, Price = price };
        CountEdit();
        var now = state.Now;
        state.Filling.PriceChanges.Add(new PriceChange(state.Ids.NewId(now), old, price, reason, adminId.ToString(), now));
        if (price != old)
        {
            state.Notify(line.Open, "price_changed", new { eventId = state.Id, eventName = live.Name, oldPrice = old, newPrice = price });
        }

        return ToAnswer(await state.Enlist());
    }

    /// <summary>
    /// Sets the event's seating plan (validated by <see cref="SeatingPlanRules"/>): allowed while no seat is sold or
    /// held. The capacity becomes the plan's seat count; waiting entries are promoted into the new seats.
    /// </summary>
    public async Task<EventAnswer> SetSeatingPlanAsync(SeatingPlan plan)
    {
        if (!state.Exists)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        if (state.IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        if (SeatingPlanRules.Validate(plan).Count > 0)
        {
            throw new ArgumentException("The seating plan is not valid: the front end validates it first.", nameof(plan));
        }

        var live = state.Live;
        if (live.Status == EventStatus.Cancelled)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        var map = new SeatMap(plan);
        if (live.Seats.SoldSeats + live.Seats.HeldSeats > 0 || !live.Seats.TryResize(map.Capacity, out var ledger))
        {
            return EventAnswer.Of(EventOutcome.SeatsInUse);
        }

        seats.UsePlan(map);
        state.ApplySeats(ledger);
        state.Filling.SeatingPlan = plan;
        return await EnlistEditAsync();
    }

    /// <summary>Cancels the event: every confirmed booking is refunded, the waitlist closes, everyone affected is told once. Idempotent.</summary>
    public async Task<EventAnswer> CancelEventAsync()
    {
        if (!state.Exists)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        if (state.IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        var live = state.Live;
        if (live.Status == EventStatus.Cancelled)
        {
            // Answered only once the cancellation is durable.
            return ToAnswer(await cancellations.EventCancellationFateAsync());
        }

        var now = state.Now;
        var ledger = live.Seats;
        var closed = line.Close(ref ledger);
        state.Filling.WaitlistChanges.AddRange(closed);
        var holders = holds.ReleaseAll(now);
        var payload = JsonSerializer.Serialize(new { eventId = state.Id, eventName = live.Name });
        state.Filling.EventCancellation = new EventCancellation(
            closed.Select(c => new WaitlistRecipient(c.Entry.UserId, c.Entry.WebhookUrl))
                .Concat(holders.Select(user => new WaitlistRecipient(user, null))).ToList(), payload, now);
        state.Live = live with { Status = EventStatus.Cancelled, Seats = ledger.ReleaseAll() };
        CountEdit();
        saleRules.Clear();
        seats.FreeAll();
        var fate = state.Enlist();
        cancellations.EventCancelled(now, fate);
        schedule.Want();
        return ToAnswer(await fate);
    }

    /// <summary>
    /// An organizer's change joins the filling batch: the ETag's version moves with it (bookings never move it), and an
    /// If-Match edit is refused until it is committed, so of several edits from one version exactly one wins.
    /// </summary>
    private void CountEdit()
    {
        state.Live = state.Live! with { EditVersion = state.Live.EditVersion + 1 };
        _pendingEdits++;
        state.Filling.Edits++;
    }

    /// <summary>A batch is durable: the edits in it are no longer pending.</summary>
    public void Committed(EventBatch batch) => _pendingEdits -= batch.Edits;

    /// <summary>An edit is decided: waiting entries are promoted into what it freed, and it enlists as an edit.</summary>
    private Task<EventAnswer> EnlistEditAsync()
    {
        line.PromoteWaiting(state.Now);
        CountEdit();
        var fate = state.Enlist();
        schedule.Want();
        return AnswerAsync(fate);
    }

    private async Task<EventAnswer> AnswerAsync(Task<CommitFate> fate) => ToAnswer(await fate);

    private EventView View() =>
        new(state.Committed!, BookingRules.VisibleStatus(state.Committed!.Status, state.Committed.EventDate, state.Now), line.CommittedLength);

    private EventAnswer ToAnswer(CommitFate fate) => fate switch
    {
        CommitFate.Committed => new EventAnswer(EventOutcome.Ok, View()),
        CommitFate.Unknown => EventAnswer.Of(EventOutcome.OutcomeUnknown),
        _ => EventAnswer.Of(EventOutcome.Unavailable),
    };
}
