using System.Globalization;
using Evently.Core;
using Evently.Core.Ports;
using Evently.Domain.Bookings;
using Evently.Domain.Holds;

namespace Evently.IntegrationTests.Conformance;

/// <summary>
/// What a store reads back for one event: its load, the bookings and holds by id and by idempotency key, and the rows
/// the core writes but never reads (notifications, price history). <see cref="Lines"/> puts it in a canonical text form
/// (sorted, ids shortened, times in UTC, money to the cent), so two stores compare line by line.
/// </summary>
internal sealed record StoreReads(
    StoredEvent? Loaded, IReadOnlyList<Booking?> Bookings, IReadOnlyList<Booking> KeyedBookings, IReadOnlyList<Hold?> Holds,
    IReadOnlyList<Hold> KeyedHolds, IReadOnlyList<string> Notifications, int PriceChanges)
{
    public List<string> Lines()
    {
        var lines = new List<string>();
        if (Loaded is not { } loaded)
        {
            lines.Add("no event");
        }
        else
        {
            lines.Add(Describe(loaded.Event));
            lines.AddRange((loaded.SeatsByUser ?? new Dictionary<Guid, int>()).Select(s => $"confirmed seats of {Id(s.Key)}: {s.Value}").Order(StringComparer.Ordinal));
            lines.AddRange(loaded.Waitlist.Select(e =>
                $"waitlist {Id(e.Id)} user {Id(e.UserId)} quantity {e.Quantity} priority {e.PriorityScore} joined {Time(e.JoinedAt)} {e.Status} webhook {e.WebhookUrl} suspended {e.Suspended} booking {Id(e.BookingId)} promotion {(e.Promotion is { } p ? $"{Id(p.Id)} of {p.Quantity} at {Time(p.PromotedAt)} until {Time(p.ExpiresAt)}" : "none")}")
                .Order(StringComparer.Ordinal));
            lines.AddRange((loaded.Holds ?? []).Select(h => $"active {Describe(h)}").Order(StringComparer.Ordinal));
            lines.Add($"plan {(loaded.Seating is { } plan ? System.Text.Json.JsonSerializer.Serialize(plan) : "none")}");
            lines.AddRange((loaded.SeatOwners ?? []).OrderBy(s => s.Seat).Select(s => $"seat {s.Seat} {(s.Held ? "held by" : "sold to")} {Id(s.Owner)}"));
        }

        lines.AddRange(Bookings.Select(b => b is null ? "booking: none" : $"by id {Describe(b)}"));
        lines.AddRange(KeyedBookings.Select(b => $"by key {Describe(b)}").Order(StringComparer.Ordinal));
        lines.AddRange(Holds.Select(h => h is null ? "hold: none" : $"by id {Describe(h)}"));
        lines.AddRange(KeyedHolds.Select(h => $"by key {Describe(h)}").Order(StringComparer.Ordinal));
        lines.AddRange(Notifications.Order(StringComparer.Ordinal));
        lines.Add($"price changes {PriceChanges}");
        return lines;
    }

    public static string Id(Guid? id) => id is { } value ? value.ToString("N")[^8..] : "-";

    public static string Time(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) : "-";

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Describe(EventRecord e) =>
        $"event {Id(e.Id)} organizer {Id(e.OrganizerId)} '{e.Name}' '{e.Description}' '{e.Venue}' on {Time(e.EventDate)} seats {e.Seats} price {Money(e.Price)} base {Money(e.BasePrice)} "
        + $"{e.PricingPolicy} {e.Status} window {e.PromotionWindowMinutes} version {e.Version} created {Time(e.CreatedAt)} updated {Time(e.UpdatedAt)} "
        + $"sale {Time(e.Sale.SalesStartAt)}..{Time(e.Sale.SalesEndAt)} max {e.Sale.MaxTicketsPerUser} room {e.Sale.WaitingRoom} hold minutes {e.HoldMinutes}";

    private static string Describe(Booking b) =>
        $"booking {Id(b.Id)} '{b.BookingRef}' event {Id(b.EventId)} user {Id(b.UserId)} {b.Quantity} x {Money(b.UnitPrice)} = {Money(b.TotalAmount)} {b.Status} "
        + $"created {Time(b.CreatedAt)} cancelled {Time(b.CancelledAt)} key {b.IdempotencyKey} request {b.IdempotencyRequest} seats {(b.Seats is null ? "-" : string.Join(",", b.Seats))} checked in {Time(b.CheckedInAt)}";

    private static string Describe(Hold h) =>
        $"hold {Id(h.Id)} event {Id(h.EventId)} user {Id(h.UserId)} {h.Quantity} x {Money(h.UnitPrice)} = {Money(h.TotalAmount)} {h.Status} until {Time(h.ExpiresAt)} "
        + $"booking {Id(h.BookingId)} created {Time(h.CreatedAt)} resolved {Time(h.ResolvedAt)} key {h.IdempotencyKey} request {h.IdempotencyRequest}";
}
