using Evently.Core.Batches;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Holds;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The table constraints a batch's statements meet on PostgreSQL: primary keys, unique keys, foreign keys and the events
/// row's CHECKs. Any of them fails the whole batch before its commit, whatever the guard counts would have said. And the
/// columns a read by id leaves out.
/// </summary>
internal sealed partial class SimStore
{
    private readonly HashSet<Guid> _priceChangeIds = [];

    /// <summary>A booking or hold as read by id (and in a load): the request an idempotency key was made with is only read by key.</summary>
    private static Booking AsReadById(Booking booking) => booking with { IdempotencyRequest = null, Seats = null };

    private static Hold AsReadById(Hold hold) => hold with { IdempotencyRequest = null };

    private string? ConstraintError(EventBatch batch, long expected)
    {
        var bookingIds = _bookings.Keys.ToHashSet();
        var keys = Bookings.Where(b => b.IdempotencyKey is not null).Select(b => (b.UserId, b.IdempotencyKey!)).ToHashSet();
        var references = Bookings.Select(b => b.BookingRef).ToHashSet(StringComparer.Ordinal);
        foreach (var booking in batch.Bookings)
        {
            if (!bookingIds.Add(booking.Id) || (booking.IdempotencyKey is { } key && !keys.Add((booking.UserId, key))) || !references.Add(booking.BookingRef))
            {
                return $"booking {booking.Id} repeats an id, an idempotency key or a booking reference";
            }
        }

        if (SeatError(batch) is { } seatError)
        {
            return seatError;
        }

        if (WaitlistError(batch) is { } waitlistError)
        {
            return waitlistError;
        }

        var promotionIds = Promotions.Keys.ToHashSet();
        if (batch.Promotions.Where(p => p.IsNew).Any(p => !promotionIds.Add(p.Id)))
        {
            return "a new promotion repeats an id";
        }

        // A foreign key is checked on the rows a statement writes: an update that finds no live row writes none.
        var promotionRows = batch.Promotions.Where(p => p.IsNew || (Promotions.TryGetValue(p.Id, out var stored) && stored.Status == "active"));
        var holdRows = batch.Holds.Where(h => h.IsNew || Hold(h.Hold.Id) is { IsActive: true });
        if (promotionRows.Any(p => p.BookingId is { } id && !bookingIds.Contains(id)) || holdRows.Any(h => h.Hold.BookingId is { } id && !bookingIds.Contains(id)))
        {
            return "a promotion or hold names a booking that does not exist";
        }

        var holdIds = _holds.Keys.ToHashSet();
        var holdKeys = Holds.Where(h => h.IdempotencyKey is not null).Select(h => (h.UserId, h.IdempotencyKey!)).ToHashSet();
        foreach (var hold in batch.Holds.Where(h => h.IsNew).Select(h => h.Hold))
        {
            if (!holdIds.Add(hold.Id) || (hold.IdempotencyKey is { } key && !holdKeys.Add((hold.UserId, key))))
            {
                return $"hold {hold.Id} repeats an id or an idempotency key";
            }
        }

        var notificationIds = Notifications.Select(n => n.Id).ToHashSet();
        var priceIds = _priceChangeIds.ToHashSet();
        if (batch.Notifications.Any(n => !notificationIds.Add(n.Id)) || batch.PriceChanges.Any(c => !priceIds.Add(c.Id)))
        {
            return "a notification or price change repeats an id";
        }

        // The events row's CHECKs meet the row only when its version matches: a stale update changes no row.
        return Event.Version == expected ? EventRowError(batch.Event) : null;
    }

    private string? WaitlistError(EventBatch batch)
    {
        if (batch.WaitlistRows.Select(w => w.Entry.Id).Distinct().Count() != batch.WaitlistRows.Count)
        {
            return "an upsert touches one waitlist entry twice";
        }

        // waitlists_user_event_key: one entry per user (an upsert of an existing entry keeps its user).
        var users = _waitlist.Values.ToDictionary(w => w.Entry.Id, w => w.Entry.UserId);
        foreach (var write in batch.WaitlistRows.Where(w => !users.ContainsKey(w.Entry.Id)))
        {
            if (users.ContainsValue(write.Entry.UserId))
            {
                return $"user {write.Entry.UserId} already has a waitlist entry";
            }

            users[write.Entry.Id] = write.Entry.UserId;
        }

        return batch.Promotions.Where(p => p.IsNew).Any(p => !users.ContainsKey(p.WaitlistId)) ? "a new promotion names no waitlist entry" : null;
    }

    private static string? EventRowError(EventRecord row)
    {
        var seats = row.Seats;
        var broken = seats.TotalCapacity is < 1 or > 1_000_000 || seats.AvailableSeats < 0 || seats.AvailableSeats > seats.TotalCapacity
            || seats.HeldSeats < 0 || seats.AvailableSeats + seats.HeldSeats > seats.TotalCapacity || row.Price < 0 || row.BasePrice < 0
            || row.PricingPolicy is not ("fixed" or "demand") || row.Status is not (EventStatus.Published or EventStatus.Cancelled or EventStatus.Completed)
            || row.PromotionWindowMinutes is < 1 or > 10080 || row.HoldMinutes is < 1 or > 60 || row.Sale.MaxTicketsPerUser is < 1 or > 100
            || row.Sale.SalesStartAt >= row.Sale.SalesEndAt;
        return broken ? $"the events row breaks its constraints: {seats}, price {row.Price}, window {row.PromotionWindowMinutes}, hold {row.HoldMinutes}" : null;
    }
}
