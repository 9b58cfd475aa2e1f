using Evently.Core.Answers;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// Check-in at the door: one scan of a ticket, or several at once. Of all scans of one booking at most one hears it
/// was checked in; a cancelled booking never checks in; a checked-in booking is not cancelled on its own; the window opens
/// 24 hours before the event.
/// </summary>
internal sealed partial class Simulation
{
    private readonly HashSet<Guid> _checkInWins = [];

    private async Task CheckInAsync(Op op)
    {
        var booking = _known[op.N % _known.Count];
        var sentAt = Clock.Now;
        var openedAtSend = Store.Event.EventDate - CheckIns.CheckInDesk.Opens;

        // A "not open" refusal is not checked here: an activation behind the store (a twin committed an edit of the
        // date) refuses by the date it has; the unit tests cover the window.
        var (activation, answer) = await Call(op, a => a.Core.CheckInAsync(booking.BookingRef));
        if (activation is null || answer is null || activation.Dead)
        {
            return;
        }

        var stored = Store.Booking(booking.Id)!;
        var opens = Store.Event.EventDate - CheckIns.CheckInDesk.Opens;
        switch (answer.Outcome)
        {
            case CheckInOutcome.CheckedIn:
                if (!_checkInWins.Add(booking.Id))
                {
                    Violation($"two scans of booking {booking.Id} both answered checked in");
                }

                CheckCheckedIn(answer, stored);
                if (Clock.Now < opens && Clock.Now < openedAtSend)
                {
                    Violation($"booking {booking.Id} checked in at {Clock.Now:O}, before check-in opened at {opens:O}");
                }

                break;
            case CheckInOutcome.AlreadyCheckedIn:
                CheckCheckedIn(answer, stored);
                break;
            case CheckInOutcome.BookingNotFound when stored.Status == BookingStatus.Confirmed:
                Violation($"check-in of confirmed booking {booking.Id} answered not found");
                break;
        }
    }

    private void CheckCheckedIn(CheckInAnswer answer, Booking stored)
    {
        if (stored.CheckedInAt is null || stored.CheckedInAt != answer.CheckedInAt)
        {
            Violation($"check-in of booking {stored.Id} answered {answer.Outcome} at {answer.CheckedInAt:O}, the store has {stored.CheckedInAt:O}");
        }
    }

    /// <summary>A cancellation refused because the booking was checked in: the store has it checked in.</summary>
    private void CheckRefusedAfterCheckIn(Guid bookingId)
    {
        if (Store.Booking(bookingId) is not { CheckedInAt: not null })
        {
            Violation($"cancel of booking {bookingId} refused as checked in, the store has it not checked in");
        }
    }
}
