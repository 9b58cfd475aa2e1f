using Evently.Contracts.Events;
using Evently.Domain.Events;
using Evently.Domain.Sharding;
using Evently.Persistence.Storage;

namespace Evently.Grains.Events;

/// <summary>Admin changes: details, capacity, cancellation.</summary>
public sealed partial class EventGrain
{
    /// <inheritdoc />
    public async Task<EventResult> UpdateAsync(UpdateEvent command)
    {
        if (_live is null)
        {
            return EventResult.Of(EventOutcome.NotFound);
        }

        if (_broken)
        {
            return EventResult.Of(EventOutcome.Unavailable);
        }

        if (command.ExpectedVersion is { } expected && expected != _live.Version)
        {
            return EventResult.Of(EventOutcome.VersionMismatch);
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return EventResult.Of(EventOutcome.NotModifiable);
        }

        var seats = _live.Seats;
        if (command.TotalCapacity is { } capacity && !seats.TryResize(capacity, out seats))
        {
            return EventResult.Of(EventOutcome.CapacityBelowBooked);
        }

        _live = _live with
        {
            Name = command.Name ?? _live.Name,
            Description = command.Description ?? _live.Description,
            Venue = command.Venue ?? _live.Venue,
            EventDate = command.EventDate ?? _live.EventDate,
            PromotionWindowMinutes = command.PromotionWindowMinutes ?? _live.PromotionWindowMinutes,
        };
        ApplySeats(seats);
        PromoteWaiting();
        var done = Enlist(_filling);
        await ScheduleExpiryAsync();
        return await done
            ? new EventResult(EventOutcome.Ok, Snapshot(_live!))
            : EventResult.Of(EventOutcome.Unavailable);
    }

    /// <inheritdoc />
    public async Task<EventResult> SetPriceAsync(decimal basePrice, string reason, Guid adminId)
    {
        if (_live is null)
        {
            return EventResult.Of(EventOutcome.NotFound);
        }

        if (_broken)
        {
            return EventResult.Of(EventOutcome.Unavailable);
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return EventResult.Of(EventOutcome.NotModifiable);
        }

        var old = _live.Price;
        var price = _pricing.PriceFor(_live.PricingPolicy, basePrice, _live.Seats);
        _live = _live with { BasePrice = basePrice, Price = price };
        var now = time.GetUtcNow();
        _filling.PriceChanges.Add(new PriceChange(Buckets.MintId(Buckets.Of(_live.Id), now), old, price, reason, adminId.ToString(), now));
        if (price != old)
        {
            Notify(_waitlist.Open, "price_changed", new { eventId = _live.Id, eventName = _live.Name, oldPrice = old, newPrice = price });
        }

        return await Enlist(_filling)
            ? new EventResult(EventOutcome.Ok, Snapshot(_live!))
            : EventResult.Of(EventOutcome.Unavailable);
    }

    /// <inheritdoc />
    public async Task<EventResult> CancelAsync()
    {
        if (_live is null)
        {
            return EventResult.Of(EventOutcome.NotFound);
        }

        if (_broken)
        {
            return EventResult.Of(EventOutcome.Unavailable);
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return new EventResult(EventOutcome.Ok, Snapshot(_live));
        }

        var seats = _live.Seats;
        foreach (var change in _waitlist.Close(ref seats))
        {
            _filling.WaitlistChanges.Add(change);
        }

        Notify(_filling.WaitlistChanges.Select(c => c.Entry), "event_cancelled", new { eventId = _live.Id, eventName = _live.Name });
        _live = _live with { Status = EventStatus.Cancelled, Seats = seats.ReleaseAll() };
        _filling.CancelEvent = true;
        _ = ScheduleExpiryAsync();
        return await Enlist(_filling)
            ? new EventResult(EventOutcome.Ok, Snapshot(_live!))
            : EventResult.Of(EventOutcome.Unavailable);
    }
}
