using Evently.Core.Answers;
using Evently.Domain.Bookings;
using Evently.Domain.Sales;

namespace Evently.Core.Sales;

/// <summary>
/// The sale's rules (API 1.1): the sales window, the waiting room's admission, the per-user limit; and what the limit
/// counts that only this part keeps: each user's confirmed seats.
/// </summary>
internal sealed class SaleRules(Admissions admissions)
{
    // Each user's confirmed seats, bookings decided but not yet committed included: counted in the turn that decides,
    // so however many requests one user sends at once, each sees the ones decided before it.
    private readonly Dictionary<Guid, int> _seatsByUser = [];

    /// <summary>The user's confirmed seats (decided ones included).</summary>
    public int ConfirmedBy(Guid userId) => _seatsByUser.GetValueOrDefault(userId);

    /// <summary>
    /// Whether the rules of <paramref name="sale"/> let <paramref name="userId"/> take <paramref name="quantity"/> seats
    /// at <paramref name="now"/>: null when they do, else the refusal (telling <paramref name="available"/> seats).
    /// <paramref name="released"/> is the user's held seats that the same request gives up (a promotion being claimed);
    /// <paramref name="heldAndWaiting"/> the seats the user holds or waits for besides confirmed ones.
    /// </summary>
    public BookingAnswer? Refuse(SaleSettings sale, int available, Guid userId, int quantity, DateTimeOffset now, int released, int heldAndWaiting)
    {
        // A promotion is kept as made: it was claimable when it was made (PromoteWaiting), and a claim within it is honoured
        // until its window ends, past the close of sales, without an admission, and under a limit lowered since.
        if (released > 0 && quantity <= released)
        {
            return null;
        }

        switch (sale.PhaseAt(now))
        {
            case SalesPhase.NotOpen:
                return new BookingAnswer(BookingOutcome.SalesNotOpen, null, available, SalesStartAt: sale.SalesStartAt);
            case SalesPhase.Closed:
                return BookingAnswer.Of(BookingOutcome.SalesClosed, available);
        }

        // Being promoted counts as admission, also for seats asked beyond the promotion.
        if (sale.WaitingRoom is not null && released == 0 && !admissions.IsAdmitted(userId, now))
        {
            return BookingAnswer.Of(BookingOutcome.AdmissionRequired, available);
        }

        return sale.RemainingFor(ConfirmedBy(userId) + heldAndWaiting - released) is { } remaining && quantity > remaining
            ? new BookingAnswer(BookingOutcome.TicketLimitReached, null, available, Remaining: remaining)
            : null;
    }

    /// <summary>The user's confirmed seats change by <paramref name="delta"/>.</summary>
    public void CountSeats(Guid userId, int delta)
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

    /// <summary>Each user's confirmed seats as the store holds them, at activation.</summary>
    public void Load(IReadOnlyDictionary<Guid, int>? stored)
    {
        _seatsByUser.Clear();
        foreach (var (user, seats) in stored ?? new Dictionary<Guid, int>())
        {
            _seatsByUser[user] = seats;
        }
    }

    /// <summary>The event was cancelled: nobody has confirmed seats any more.</summary>
    public void Clear() => _seatsByUser.Clear();
}
