using Evently.Core.Answers;
using Evently.Core.Machine;
using Evently.Core.Seating;
using Evently.Core.Taking;
using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Bookings;

/// <summary>Taking seats for a booking: a confirmed booking, made out of the user's waitlist promotion when they hold one.</summary>
internal sealed class BookingTaking(
    BookingDesk desk, KeyMemory<Booking, BookingAnswer> keys, Cancellations cancellations, SeatInventory seats, EventState state)
    : SeatTaking<Booking, BookingAnswer>
{
    public override KeyMemory<Booking, BookingAnswer> Keys => keys;

    public override BookingAnswer Refuse(BookingOutcome outcome, int availableSeats = 0, IReadOnlyList<string>? seats = null) =>
        new(outcome, null, availableSeats, Seats: seats);

    public override BookingAnswer Refuse(BookingAnswer saleRefusal) => saleRefusal;

    public override RequestShape AskedBy(Booking stored) => RequestShape.Stored(stored.Quantity, stored.IdempotencyRequest);

    public override BookingAnswer Found(Booking stored) =>
        new(BookingOutcome.Replayed, cancellations.AsItStands(stored), 0, Seats: seats.IdsOf(stored.Id));

    public override bool IsOutcomeUnknown(BookingAnswer answer) => answer.Outcome == BookingOutcome.OutcomeUnknown;

    public override BookingAnswer AsReplay(BookingAnswer answer) =>
        answer is { Outcome: BookingOutcome.Confirmed or BookingOutcome.Replayed, Booking: { } booking }
            ? answer with
            {
                Outcome = BookingOutcome.Replayed,
                Booking = cancellations.AsItStands(booking),
                AvailableSeats = state.Committed!.Seats.AvailableSeats,
            }
            : answer;

    public override Promotion? OwnHeld(Guid userId, DateTimeOffset now) => desk.ClaimablePromotion(userId, now);

    public override Task<BookingAnswer>? Take(Guid userId, int quantity, int[]? chosen, Promotion? own, KeyedAsk? keyed, DateTimeOffset now) =>
        desk.Book(userId, quantity, chosen, own, keyed, now);
}
