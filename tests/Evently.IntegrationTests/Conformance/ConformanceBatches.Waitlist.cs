using Evently.Core;
using Evently.Core.Batches;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;
using Evently.Domain.Waitlists;

namespace Evently.IntegrationTests.Conformance;

/// <summary>The waitlist's batches, and the organizer's: prices, notifications, edits, the event's cancellation.</summary>
internal sealed partial class ConformanceBatches
{
    private PriceChange? _lastPrice;
    private Guid? _lastNotification;

    private EventRecord Join(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var user = _users[step.User];
        var existing = sim.Waitlist.FirstOrDefault(e => e.UserId == user);
        // Fault 1: a second entry of a user who has one; fault 3: another user's entry written as this user's.
        var id = existing is null || step.Fault == 1 ? Guid.CreateVersion7() : existing.Id;
        if (step.Fault == 3 && sim.Waitlist.FirstOrDefault(e => e.UserId != user) is { } other)
        {
            id = other.Id;
        }

        var entry = new WaitlistEntry(id, user, 1 + step.N % 3, step.N % 4, now, WaitlistStatus.Waiting,
            step.N % 2 == 0 ? $"https://hooks.test/u{step.User}" : null, Suspended: step.Fault == 2);
        batch.WaitlistRows.Add(new WaitlistWrite(entry, sim.Waitlist.Count(e => e.IsOpen) + 1));
        return row;
    }

    private EventRecord Leave(EventBatch batch, EventRecord row, BatchStep step)
    {
        var waiting = sim.Waitlist.Where(e => e.Status == WaitlistStatus.Waiting).ToList();
        if (waiting.Count > 0)
        {
            batch.WaitlistRows.Add(new WaitlistWrite(waiting[step.N % waiting.Count] with { Status = WaitlistStatus.Left }, 0));
        }

        return row;
    }

    private EventRecord Promote(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var waiting = sim.Waitlist.Where(e => e.Status == WaitlistStatus.Waiting && !e.Suspended).ToList();
        if (waiting.Count == 0 && step.Fault == 0)
        {
            return row;
        }

        var entry = waiting.Count > 0 && step.Fault != 1
            ? waiting[step.N % waiting.Count]
            // Fault 1 (or a faulty one while nobody waits): a promotion of an entry that does not exist.
            : new WaitlistEntry(Guid.CreateVersion7(), _users[step.User], 1, 0, now, WaitlistStatus.Waiting, null);
        var id = step.Fault == 2 && sim.Promotions.Count > 0 ? sim.Promotions.Keys.First() : Guid.CreateVersion7();
        var expires = now.AddMinutes(row.PromotionWindowMinutes);
        batch.Promotions.Add(new PromotionWrite(id, entry.Id, entry.Quantity, now, expires, "active", null, null, IsNew: true));
        if (waiting.Contains(entry))
        {
            batch.WaitlistRows.Add(new WaitlistWrite(entry with { Status = WaitlistStatus.Promoted, Promotion = new Promotion(id, entry.Quantity, now, expires) }, 0));
        }

        if (sim.Plan is not null)
        {
            batch.Seats.Add(new SeatWrite(id, true, [.. FreeSeats().Take(entry.Quantity)], true));
        }

        return row with { Seats = row.Seats with { AvailableSeats = row.Seats.AvailableSeats - entry.Quantity, HeldSeats = row.Seats.HeldSeats + entry.Quantity } };
    }

    private EventRecord ResolvePromotion(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var active = sim.Promotions.Values.Where(p => p.Status == "active").ToList();
        var resolved = sim.Promotions.Values.Where(p => p.Status != "active").ToList();
        var promotion = (step.Fault, active.Count, resolved.Count) switch
        {
            (0, > 0, _) => active[step.N % active.Count],
            (1, _, > 0) => resolved[step.N % resolved.Count],
            _ => new PromotionWrite(Guid.CreateVersion7(), Guid.CreateVersion7(), 1, now, now.AddMinutes(5), "active", null, null, false),
        };
        var entry = sim.Waitlist.FirstOrDefault(e => e.Id == promotion.WaitlistId);
        var seats = Owned(promotion.Id, held: true);
        if (seats.Length > 0)
        {
            batch.Seats.Add(new SeatWrite(promotion.Id, true, seats, false));
        }

        var ledger = row.Seats with { HeldSeats = Math.Max(0, row.Seats.HeldSeats - promotion.Quantity) };
        if (step.N % 2 == 0 && entry is not null)
        {
            var booking = new Booking(NewId(BookingIds), $"C{Guid.CreateVersion7():N}"[..16], eventId, entry.UserId, promotion.Quantity, row.Price,
                row.Price * promotion.Quantity, BookingStatus.Confirmed, now, null, null);
            batch.Bookings.Add(booking);
            batch.Promotions.Add(promotion with { Status = "booked", BookingId = booking.Id, ResolvedAt = now, IsNew = false });
            batch.WaitlistRows.Add(new WaitlistWrite(entry with { Status = WaitlistStatus.Booked, BookingId = booking.Id }, 0));
            if (seats.Length > 0)
            {
                batch.Seats.Add(new SeatWrite(booking.Id, false, seats, true));
            }

            return row with { Seats = ledger };
        }

        batch.Promotions.Add(promotion with { Status = "expired", ResolvedAt = now, IsNew = false });
        if (entry is not null)
        {
            batch.WaitlistRows.Add(new WaitlistWrite(entry with { Status = WaitlistStatus.Expired }, 0));
        }

        return row with { Seats = ledger with { AvailableSeats = Math.Min(ledger.TotalCapacity - ledger.HeldSeats, ledger.AvailableSeats + promotion.Quantity) } };
    }

    private EventRecord Price(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var price = step.Fault == 2 ? -1.00m : 10.00m + step.N + 0.50m;
        var change = new PriceChange(step.Fault == 1 && _lastPrice is not null ? _lastPrice.Id : Guid.CreateVersion7(), row.Price, price, "demand", "system", now);
        _lastPrice = change;
        batch.PriceChanges.Add(change);
        return row with { Price = price };
    }

    private EventRecord Notify(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var id = step.Fault == 1 && _lastNotification is { } last ? last : Guid.CreateVersion7();
        _lastNotification = id;
        batch.Notifications.Add(new OutboxMessage(id, _users[step.User], "waitlist_promoted", $$"""{"n": {{step.N}}}""",
            step.N % 2 == 0 ? $"https://hooks.test/u{step.User}" : null, now));
        return row;
    }

    private static EventRecord Edit(EventRecord row, BatchStep step) => row with
    {
        Name = $"Edited {step.N}",
        Venue = $"Hall {step.N}",
        Description = $"Described {step.N}",
        // Fault 1: a promotion window the events row's constraint refuses.
        PromotionWindowMinutes = step.Fault == 1 ? 0 : 1 + step.N * 7,
        HoldMinutes = 1 + step.N * 5,
    };

    private EventRecord CancelEvent(EventBatch batch, EventRecord row, DateTimeOffset now)
    {
        var open = sim.Waitlist.Where(e => e.IsOpen).ToList();
        batch.EventCancellation = new EventCancellation([.. open.Select(e => new WaitlistRecipient(e.UserId, e.WebhookUrl))], """{"reason": "conformance"}""", now);
        foreach (var hold in sim.Holds.Where(h => h.IsActive))
        {
            batch.Holds.Add(new HoldWrite(hold.Resolved(HoldStatus.Released, now), IsNew: false));
        }

        foreach (var promotion in sim.Promotions.Values.Where(p => p.Status == "active"))
        {
            batch.Promotions.Add(promotion with { Status = "released", ResolvedAt = now, IsNew = false });
        }

        foreach (var entry in open)
        {
            batch.WaitlistRows.Add(new WaitlistWrite(entry with { Status = WaitlistStatus.Closed }, 0));
        }

        return row with { Status = EventStatus.Cancelled, Seats = row.Seats.ReleaseAll() };
    }
}
