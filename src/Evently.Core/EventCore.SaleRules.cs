using Evently.Core.Answers;
using Evently.Core.Sales;
using Evently.Domain.Waitlists;

namespace Evently.Core;

/// <summary>The sale's rules (API 1.1), kept by <see cref="SaleRules"/>: what the core tells them about holds and the waitlist.</summary>
public sealed partial class EventCore
{
    private readonly SaleRules _saleRules;

    /// <summary>
    /// Whether the sale's rules let <paramref name="userId"/> take <paramref name="quantity"/> seats at
    /// <paramref name="now"/> (the core's clock, read in the deciding turn): null when they do, else the refusal.
    /// <paramref name="released"/> is the user's held seats that the same request gives up (a promotion being claimed).
    /// Every path that takes seats calls this in the turn that decides and enlists (bookings; checkout holds).
    /// </summary>
    private BookingAnswer? RefuseBySaleRules(Guid userId, int quantity, DateTimeOffset now, int released = 0) =>
        _saleRules.Refuse(_live!.Sale, _live.Seats.AvailableSeats, userId, quantity, now, released, HeldQuantity(userId) + WaitingFor(userId));

    /// <summary>Whether the limit lets a waiting entry's user take the seats it waits for (their other seats counted).</summary>
    private bool MayClaim(WaitlistEntry entry) =>
        _live!.Sale.RemainingFor(ClaimedBy(entry.UserId) - WaitingFor(entry.UserId)) is not { } remaining || entry.Quantity <= remaining;

    /// <summary>How many more seats the user may take under the per-user limit; null when there is none.</summary>
    private int? RemainingFor(Guid userId) => _live!.Sale.RemainingFor(ClaimedBy(userId));

    /// <summary>Every seat the user has or has a claim on: confirmed, held, and still waited for on the waitlist.</summary>
    private int ClaimedBy(Guid userId) => _saleRules.ConfirmedBy(userId) + HeldQuantity(userId) + WaitingFor(userId);

    // A waiting entry is promised the seats it waits for: counting it keeps a later promotion within the limit.
    private int WaitingFor(Guid userId) => _waitlist.Find(userId) is { Status: WaitlistStatus.Waiting } entry ? entry.Quantity : 0;

    private void CountSeats(Guid userId, int delta) => _saleRules.CountSeats(userId, delta);
}
