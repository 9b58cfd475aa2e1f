using Evently.Core.Batches;
using Evently.Domain.Bookings;
using Evently.Domain.Events;

namespace Evently.Core.Tests.Simulation;

/// <summary>The sale's rules as the store checks what a batch decided: nobody is promoted into seats they may not claim.</summary>
internal sealed partial class SimStore
{
    /// <summary>
    /// True when the promotion's holder could claim it under <paramref name="rules"/> as it was made: the event still ahead
    /// and its sales window open. Being promoted counts as the waiting room's admission; the per-user limit is checked
    /// for every taker of new seats (<see cref="CheckLimit"/>).
    /// </summary>
    private static bool Claimable(EventRecord rules, PromotionWrite promotion) =>
        promotion.PromotedAt < rules.EventDate && rules.Sale.PhaseAt(promotion.PromotedAt) == Domain.Sales.SalesPhase.Open;

    /// <summary>
    /// False for a booking that only turns seats its user already held into confirmed ones: the confirmation of a checkout
    /// hold, or the claim of a promotion within its seats. The rules applied when those seats were taken.
    /// </summary>
    private static bool TakesNewSeats(EventBatch batch, Booking booking) =>
        !batch.Holds.Any(h => h.Hold.BookingId == booking.Id)
        && !batch.Promotions.Any(p => p.BookingId == booking.Id && booking.Quantity <= p.Quantity);
}
