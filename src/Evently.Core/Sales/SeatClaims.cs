using Evently.Core.Answers;
using Evently.Core.Holds;
using Evently.Domain.Events;
using Evently.Domain.Sales;
using Evently.Domain.Waitlists;

namespace Evently.Core.Sales;

/// <summary>
/// What a user has, or has a claim on, for the per-user limit: confirmed seats (kept by <see cref="SaleRules"/>), seats
/// held for checkout (<see cref="HoldBook"/>), and their waitlist entry: a promotion holds seats, and a waiting entry is
/// promised the seats it waits for (counting it keeps a later promotion within the limit). The caller passes the user's
/// entry as the waitlist has it now.
/// </summary>
internal sealed class SeatClaims(SaleRules rules, HoldBook holds)
{
    /// <summary>Seats the user holds and has not bought yet: active checkout holds plus an active promotion.</summary>
    public int HeldBy(Guid userId, WaitlistEntry? entry) =>
        holds.HeldBy(userId) + (entry is { Status: WaitlistStatus.Promoted, Promotion: { } promotion } ? promotion.Quantity : 0);

    /// <summary>Seats a waiting entry waits for; 0 for any other.</summary>
    public static int WaitingFor(WaitlistEntry? entry) => entry is { Status: WaitlistStatus.Waiting } ? entry.Quantity : 0;

    /// <summary>Every seat the user has or has a claim on: confirmed, held, and still waited for on the waitlist.</summary>
    public int ClaimedBy(Guid userId, WaitlistEntry? entry) => rules.ConfirmedBy(userId) + HeldBy(userId, entry) + WaitingFor(entry);

    /// <summary>How many more seats the user may take under the per-user limit; null when there is none.</summary>
    public int? RemainingFor(SaleSettings sale, Guid userId, WaitlistEntry? entry) => sale.RemainingFor(ClaimedBy(userId, entry));

    /// <summary>
    /// Whether the limit lets a waiting entry's user take the seats it waits for (their other seats counted);
    /// <paramref name="current"/> is the user's entry as the waitlist has it now.
    /// </summary>
    public bool MayClaim(SaleSettings sale, WaitlistEntry entry, WaitlistEntry? current) =>
        sale.RemainingFor(ClaimedBy(entry.UserId, current) - WaitingFor(current)) is not { } remaining || entry.Quantity <= remaining;

    /// <summary>
    /// Whether the sale's rules let <paramref name="userId"/> take <paramref name="quantity"/> seats of
    /// <paramref name="live"/> at <paramref name="now"/>: null when they do, else the refusal. <paramref name="released"/>
    /// is the user's held seats that the same request gives up (a promotion being claimed).
    /// </summary>
    public BookingAnswer? Refuse(EventRecord live, Guid userId, int quantity, DateTimeOffset now, int released, WaitlistEntry? entry) =>
        rules.Refuse(live.Sale, live.Seats.AvailableSeats, userId, quantity, now, released, HeldBy(userId, entry) + WaitingFor(entry));
}
