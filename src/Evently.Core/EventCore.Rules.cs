using Evently.Domain.Events;
using Evently.Core.Answers;
using Evently.Domain.Bookings;

namespace Evently.Core;

/// <summary>The rules every request for seats passes, whether it books them or holds them for checkout.</summary>
public sealed partial class EventCore
{
    /// <summary>
    /// The one place that decides whether <paramref name="userId"/> may take <paramref name="quantity"/> seats now, for a
    /// booking and for a hold alike (sale windows, per-user limits and waiting-room admission belong here too). Runs in
    /// the turn that then takes the seats, so nothing it read can change before they are taken. Null when allowed.
    /// </summary>
    private BookingOutcome? CheckBookingRules(Guid userId, int quantity, DateTimeOffset now)
    {
        if (!BookingRules.IsBookable(_live!.Status, _live.EventDate, now))
        {
            return BookingOutcome.NotBookable;
        }

        return null;
    }

    /// <summary>
    /// Seats <paramref name="userId"/> holds for this event and has not bought yet: active checkout holds plus an active
    /// waitlist promotion, as decided in memory (what a per-user limit counts besides confirmed bookings).
    /// </summary>
    public int HeldQuantity(Guid userId) =>
        _holds.HeldBy(userId)
        + (_waitlist.Find(userId) is { Status: Domain.Waitlists.WaitlistStatus.Promoted, Promotion: { } promotion } ? promotion.Quantity : 0);
}
