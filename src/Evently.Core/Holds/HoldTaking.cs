using Evently.Core.Answers;
using Evently.Core.Machine;
using Evently.Core.Seating;
using Evently.Core.Taking;
using Evently.Domain.Bookings;
using Evently.Domain.Holds;
using Evently.Domain.Waitlists;

namespace Evently.Core.Holds;

/// <summary>Taking seats for a checkout hold: held seats with a deadline, at the price in force now.</summary>
internal sealed class HoldTaking(HoldDesk desk, HoldBook holds, SeatInventory seats, EventState state) : SeatTaking<Hold, HoldAnswer>
{
    public override KeyMemory<Hold, HoldAnswer> Keys => desk.Keys;

    public override HoldAnswer Refuse(BookingOutcome outcome, int availableSeats = 0, IReadOnlyList<string>? seats = null) => outcome switch
    {
        BookingOutcome.EventNotFound => HoldAnswer.Of(HoldOutcome.EventNotFound),
        BookingOutcome.Unavailable => HoldAnswer.Of(HoldOutcome.Unavailable),
        BookingOutcome.KeyReused => HoldAnswer.Of(HoldOutcome.KeyReused),
        _ => new HoldAnswer(HoldOutcome.Refused, null, null, availableSeats, outcome, Seats: seats),
    };

    public override HoldAnswer Refuse(BookingAnswer saleRefusal) => HoldAnswer.Refused(saleRefusal);

    public override RequestShape AskedBy(Hold stored) => RequestShape.Stored(stored.Quantity, stored.IdempotencyRequest);

    public override HoldAnswer Found(Hold stored) =>
        new(HoldOutcome.Replayed, holds.CommittedHold(stored.Id) ?? stored, Seats: seats.IdsOf(stored.Id));

    public override bool IsOutcomeUnknown(HoldAnswer answer) => answer.Outcome == HoldOutcome.OutcomeUnknown;

    public override HoldAnswer AsReplay(HoldAnswer answer) =>
        answer is { Outcome: HoldOutcome.Held or HoldOutcome.Replayed, Hold: { } hold }
            ? answer with
            {
                Outcome = HoldOutcome.Replayed,
                Hold = holds.CommittedHold(hold.Id) ?? hold,
                AvailableSeats = state.Committed!.Seats.AvailableSeats,
            }
            : answer;

    public override Task<HoldAnswer>? Take(Guid userId, int quantity, int[]? chosen, Promotion? own, KeyedAsk? keyed, DateTimeOffset now) =>
        desk.Make(userId, quantity, chosen, keyed, now);
}
