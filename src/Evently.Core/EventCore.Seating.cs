using Evently.Core.Answers;
using Evently.Core.Seating;
using Evently.Domain.Events;
using Evently.Domain.Seating;
using Evently.Domain.Waitlists;

namespace Evently.Core;

/// <summary>Reserved seating: the seats live in a <see cref="SeatInventory"/>; the core decides and tells it.</summary>
public sealed partial class EventCore
{
    private readonly SeatInventory _seats;

    /// <summary>
    /// The seat map as committed (what the last committed batch made durable), or null for general admission or while a
    /// plan's batch is not committed: what reads show. Decisions are made against the live map, which runs ahead of it.
    /// </summary>
    public SeatMap? Seating => _seats.CommittedMap;

    /// <summary>The seat ids of a booking, hold or promotion that holds seats now; null when it holds none.</summary>
    public IReadOnlyList<string>? SeatIdsOf(Guid owner) => _seats.IdsOf(owner);

    /// <summary>
    /// Sets the event's seating plan (validated by <see cref="SeatingPlanRules"/>): allowed while no seat is sold or
    /// held. The capacity becomes the plan's seat count; waiting entries are promoted into the new seats.
    /// </summary>
    public async Task<EventAnswer> SetSeatingPlanAsync(SeatingPlan plan)
    {
        if (_live is null)
        {
            return EventAnswer.Of(EventOutcome.NotFound);
        }

        if (IsBroken)
        {
            return EventAnswer.Of(EventOutcome.Unavailable);
        }

        if (SeatingPlanRules.Validate(plan).Count > 0)
        {
            throw new ArgumentException("The seating plan is not valid: the front end validates it first.", nameof(plan));
        }

        if (_live.Status == EventStatus.Cancelled)
        {
            return EventAnswer.Of(EventOutcome.NotModifiable);
        }

        var map = new SeatMap(plan);
        if (_live.Seats.SoldSeats + _live.Seats.HeldSeats > 0 || !_live.Seats.TryResize(map.Capacity, out var seats))
        {
            return EventAnswer.Of(EventOutcome.SeatsInUse);
        }

        _seats.UsePlan(map);
        ApplySeats(seats);
        _commits.Filling.SeatingPlan = plan;
        PromoteWaiting(_time.GetUtcNow());
        CountEdit();
        var fate = _commits.Enlist();
        _expiry.Want(WantedExpiry);
        return ToEventAnswer(await fate);
    }

    /// <summary>A waitlist change moves a promotion's seats (see <see cref="SeatInventory.Follow"/>).</summary>
    private void SeatsFollow(WaitlistChange change) => _seats.Follow(change, _commits.Filling);

    /// <summary>The event was cancelled: every seat is free again (the store deletes every seat row of the event).</summary>
    private void FreeAllSeats() => _seats.FreeAll();
}
