using Evently.Domain.Sales;
using Evently.Domain.Waitlists;
using Evently.Core.Answers;
using Evently.Domain.Bookings;

namespace Evently.Core;

/// <summary>The sale's rules (API 1.1): the sales window, the waiting room's admission, the per-user limit.</summary>
public sealed partial class EventCore
{
    // Each user's confirmed seats, bookings decided but not yet committed included: counted in the turn that decides,
    // so however many requests one user sends at once, each sees the ones decided before it.
    private readonly Dictionary<Guid, int> _seatsByUser = [];

    /// <summary>
    /// Whether the sale's rules let <paramref name="userId"/> take <paramref name="quantity"/> seats at
    /// <paramref name="now"/> (the core's clock, read in the deciding turn): null when they do, else the refusal.
    /// <paramref name="released"/> is the user's held seats that the same request gives up (a promotion being claimed).
    /// Every path that takes seats calls this in the turn that decides and enlists (bookings; checkout holds).
    /// </summary>
    private BookingAnswer? RefuseBySaleRules(Guid userId, int quantity, DateTimeOffset now, int released = 0)
    {
        // A promotion is kept as made: it was claimable when it was made (PromoteWaiting), and a claim within it is honoured
        // until its window ends, past the close of sales, without an admission, and under a limit lowered since.
        if (released > 0 && quantity <= released)
        {
            return null;
        }

        var sale = _live!.Sale;
        var available = _live.Seats.AvailableSeats;
        switch (sale.PhaseAt(now))
        {
            case SalesPhase.NotOpen:
                return new BookingAnswer(BookingOutcome.SalesNotOpen, null, available, SalesStartAt: sale.SalesStartAt);
            case SalesPhase.Closed:
                return BookingAnswer.Of(BookingOutcome.SalesClosed, available);
        }

        // Being promoted counts as admission, also for seats asked beyond the promotion.
        if (sale.WaitingRoom is not null && released == 0 && !IsAdmitted(userId, now))
        {
            return BookingAnswer.Of(BookingOutcome.AdmissionRequired, available);
        }

        return sale.RemainingFor(ClaimedBy(userId) - released) is { } remaining && quantity > remaining
            ? new BookingAnswer(BookingOutcome.TicketLimitReached, null, available, Remaining: remaining)
            : null;
    }

    /// <summary>Whether the limit lets a waiting entry's user take the seats it waits for (their other seats counted).</summary>
    private bool MayClaim(WaitlistEntry entry) =>
        _live!.Sale.RemainingFor(ClaimedBy(entry.UserId) - WaitingFor(entry.UserId)) is not { } remaining || entry.Quantity <= remaining;

    /// <summary>How many more seats the user may take under the per-user limit; null when there is none.</summary>
    private int? RemainingFor(Guid userId) => _live!.Sale.RemainingFor(ClaimedBy(userId));

    /// <summary>Every seat the user has or has a claim on: confirmed, held, and still waited for on the waitlist.</summary>
    private int ClaimedBy(Guid userId) => _seatsByUser.GetValueOrDefault(userId) + HeldQuantity(userId) + WaitingFor(userId);

    // A waiting entry is promised the seats it waits for: counting it keeps a later promotion within the limit.
    private int WaitingFor(Guid userId) => _waitlist.Find(userId) is { Status: WaitlistStatus.Waiting } entry ? entry.Quantity : 0;

    private void CountSeats(Guid userId, int delta)
    {
        var seats = _seatsByUser.GetValueOrDefault(userId) + delta;
        if (seats > 0)
        {
            _seatsByUser[userId] = seats;
        }
        else
        {
            _seatsByUser.Remove(userId);
        }
    }

    private void LoadSeatsByUser(IReadOnlyDictionary<Guid, int>? stored)
    {
        _seatsByUser.Clear();
        foreach (var (user, seats) in stored ?? new Dictionary<Guid, int>())
        {
            _seatsByUser[user] = seats;
        }
    }
}
