using System.Text.Json;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Text;
using Evently.Core.Answers;
using Evently.Core.Batches;

namespace Evently.Core;

/// <summary>Organizer changes: details, capacity, publishing, price, cancellation.</summary>
public sealed partial class EventCore
{
    private int _pendingEdits;
    private Task<CommitFate>? _eventCancellation;
    private DateTimeOffset _eventCancelledAt;

    /// <summary>
    /// Changes details or capacity. With <see cref="EventEdit.ExpectedVersion"/> it succeeds only against the committed
    /// version with no other edit still uncommitted, so of several edits from one version exactly one wins.
    /// </summary>
    public async Task<EventAnswer> UpdateAsync(EventEdit edit)
    {
        if (_live is null)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        // Written in a batch shared with other requests: text the store refuses must fail this request alone.
        if (!StoredText.CanStore(edit.Name) || !StoredText.CanStore(edit.Description) || !StoredText.CanStore(edit.Venue))
        {
            return EventAnswer.Of(EventOutcome.UnstorableText);
        }

        if (IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        if (edit.ExpectedVersion is { } expected && (expected != _committed!.EditVersion || _pendingEdits > 0))
        {
            return EventAnswer.Of(EventOutcome.VersionMismatch);
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        if (edit.TotalCapacity is { } planned && _seats.Capacity is { } fixedByPlan && planned != fixedByPlan)
        {
            return EventAnswer.Of(EventOutcome.CapacityFixedByPlan);
        }

        var seats = _live.Seats;
        if (edit.TotalCapacity is { } capacity && !seats.TryResize(capacity, out seats))
        {
            return EventAnswer.Of(EventOutcome.CapacityBelowBooked);
        }

        var eventDate = edit.EventDate ?? _live.EventDate;
        var publishing = edit.Publish && _live.Status == EventStatus.Draft;
        if (publishing && eventDate <= _time.GetUtcNow())
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        var sale = (edit.Sale ?? new SaleEdit()).ApplyTo(_live.Sale, _live.EventDate, eventDate);
        if (!sale.FitsEventDate(eventDate))
        {
            return EventAnswer.Of(EventOutcome.InvalidSaleWindow);
        }

        _live = _live with
        {
            Name = edit.Name ?? _live.Name,
            Description = edit.Description ?? _live.Description,
            Venue = edit.Venue ?? _live.Venue,
            EventDate = eventDate,
            PromotionWindowMinutes = edit.PromotionWindowMinutes ?? _live.PromotionWindowMinutes,
            Sale = sale,
            HoldMinutes = edit.HoldMinutes ?? _live.HoldMinutes,
            Status = publishing ? EventStatus.Published : _live.Status,
        };
        ApplySeats(seats);
        PromoteWaiting(_time.GetUtcNow());
        CountEdit();
        var fate = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        return ToEventAnswer(await fate);
    }

    /// <summary>Sets the base price (and the current price, re-applying the demand step); recorded in the price history.</summary>
    public async Task<EventAnswer> SetPriceAsync(decimal basePrice, string reason, Guid adminId)
    {
        if (_live is null)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        // Written in a batch shared with other requests: text the store refuses must fail this request alone.
        if (!StoredText.CanStore(reason))
        {
            return EventAnswer.Of(EventOutcome.UnstorableText);
        }

        if (IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        var old = _live.Price;
        var price = _options.Pricing.PriceFor(_live.PricingPolicy, basePrice, _live.Seats);
        _live = _live with { BasePrice = basePrice, Price = price };
        CountEdit();
        var now = _time.GetUtcNow();
        _commits.Filling.PriceChanges.Add(new PriceChange(_ids.NewId(now), old, price, reason, adminId.ToString(), now));
        if (price != old)
        {
            Notify(_waitlist.Open, "price_changed", new { eventId = _id, eventName = _live.Name, oldPrice = old, newPrice = price });
        }

        return ToEventAnswer(await _commits.Enlist());
    }

    /// <summary>Cancels the event: every confirmed booking is refunded, the waitlist closes, everyone affected is told once. Idempotent.</summary>
    public async Task<EventAnswer> CancelEventAsync()
    {
        if (_live is null)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        if (IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            // Answered only once the cancellation is durable.
            return ToEventAnswer(await EventCancellationFateAsync());
        }

        var now = _time.GetUtcNow();
        var seats = _live.Seats;
        var closed = _waitlist.Close(ref seats);
        _commits.Filling.WaitlistChanges.AddRange(closed);
        var holders = ReleaseAllHolds(now);
        var payload = JsonSerializer.Serialize(new { eventId = _id, eventName = _live.Name });
        _commits.Filling.EventCancellation = new EventCancellation(
            closed.Select(c => new WaitlistRecipient(c.Entry.UserId, c.Entry.WebhookUrl))
                .Concat(holders.Select(user => new WaitlistRecipient(user, null))).ToList(), payload, now);
        _live = _live with { Status = EventStatus.Cancelled, Seats = seats.ReleaseAll() };
        _saleRules.Clear();
        FreeAllSeats();
        _eventCancelledAt = now;
        CountEdit();
        _eventCancellation = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        return ToEventAnswer(await _eventCancellation);
    }

    /// <summary>
    /// An organizer's change joins the filling batch: the ETag's version moves with it (bookings never move it), and an
    /// If-Match edit is refused until it is committed, so of several edits from one version exactly one wins.
    /// </summary>
    private void CountEdit()
    {
        _live = _live! with { EditVersion = _live.EditVersion + 1 };
        _pendingEdits++;
        _commits.Filling.Edits++;
    }

    private Task<CommitFate> EventCancellationFateAsync() =>
        _committed!.Status == EventStatus.Cancelled || _eventCancellation is null
            ? Task.FromResult(CommitFate.Committed)
            : _eventCancellation;

    private EventAnswer ToEventAnswer(CommitFate fate) => fate switch
    {
        CommitFate.Committed => new EventAnswer(EventOutcome.Ok, View()),
        CommitFate.Unknown => EventAnswer.Of(EventOutcome.OutcomeUnknown),
        _ => EventAnswer.Of(EventOutcome.Unavailable),
    };

    /// <summary>Memory no longer matches the store: refuse new work; what is already decided still commits or fails.</summary>
    private void Fail(Exception exception)
    {
        IsBroken = true;
        _observer.Failed(_id, 0, CommitFate.NotCommitted, exception);
        Broken?.Invoke();
    }
}
