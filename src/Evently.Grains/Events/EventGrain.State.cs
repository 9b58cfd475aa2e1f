using Evently.Contracts.Events;
using Evently.Contracts.Waitlists;
using Evently.Domain.Waitlists;

namespace Evently.Grains.Events;

/// <summary>The admin's view of the activation, for the Orleans Dashboard's Grain Details.</summary>
public sealed partial class EventGrain
{
    private const int StateLineShown = 10;
    private const int StatePromotionsScanned = 1_000;

    /// <inheritdoc />
    public Task<EventGrainState> GetState()
    {
        var stats = _core.Stats;
        var batches = new BatchStats(stats.Batches, stats.BatchedRequests, stats.LargestBatch, stats.FailedBatches, this.RuntimeIdentity, _core.RememberedKeys);
        var silo = this.RuntimeIdentity;
        var now = time.GetUtcNow();
        if (_core.Get() is not { } view)
        {
            return Task.FromResult(Gone(new EventGrainState(_core.Id, false, null, null, null, null, null, null, null, null,
                _core.Pending, batches, 0, [], [], silo, now)));
        }

        var e = view.Event;
        var head = _core.WaitlistPage(1, StatePromotionsScanned);
        var line = head?.Items ?? [];
        var promotions = line
            .Where(p => p.Entry.Status == WaitlistStatus.Promoted && p.Entry.Promotion is not null)
            .Select(p => new OpenPromotionState(p.Entry.Promotion!.Id, p.Entry.UserId, p.Entry.Promotion.Quantity, p.Entry.Promotion.ExpiresAt))
            .OrderBy(p => p.ExpiresAt)
            .ToList();
        var seats = new EventSeatsState(e.Seats.TotalCapacity, e.Seats.AvailableSeats, e.Seats.HeldSeats,
            e.Seats.TotalCapacity - e.Seats.AvailableSeats - e.Seats.HeldSeats);
        return Task.FromResult(new EventGrainState(e.Id, true, e.Name, view.VisibleStatus, seats, e.Price, e.BasePrice, e.PricingPolicy,
            e.PromotionWindowMinutes, e.Version, _core.Pending, batches, head?.TotalCount ?? view.WaitlistLength,
            line.Take(StateLineShown).Select(ToView).ToList(), promotions, silo, now));
    }
}
