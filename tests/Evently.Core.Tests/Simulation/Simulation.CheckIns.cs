using Evently.Core.Answers;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// Check-in at the door: one scan of a ticket, or several at once. Of all scans of one booking at most one hears it
/// was checked in; a cancelled booking never checks in; a checked-in booking is not cancelled on its own; the window opens
/// 24 hours before the event; a scan is refused as not open only when the stored date says so (when it was sent or
/// answered), or when a split brain's twin committed past the answering activation, whose own committed date says so.
/// </summary>
internal sealed partial class Simulation
{
    private readonly HashSet<Guid> _checkInWins = [];

    private async Task CheckInAsync(Op op)
    {
        var booking = _known[op.N % _known.Count];
        var sentAt = Clock.Now;
        var openedAtSend = Store.Event.EventDate - CheckIns.CheckInDesk.Opens;
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
            case CheckInOutcome.NotOpen when sentAt >= opens && sentAt >= openedAtSend && !BehindTwin(activation, sentAt):
                // Open by the event date as stored when the scan was sent and when it was answered (an edit may move it).
                Violation($"check-in sent at {sentAt:O} answered not open; it opened at {opens:O}");
                break;
        }
    }

    /// <summary>
    /// A split brain's activation that another one has committed past (an edit of the date among those commits) refuses
    /// by the date it holds, as it answers every read: allowed only when the answering activation is behind the store by a
    /// version another activation wrote, and the date it holds as committed says the doors were not open when the scan was sent.
    /// </summary>
    /// The other activation may also be one that died with its commit in flight, landing after this one loaded (seed
    /// c3NfxcTF7Hb2 of a 1,000,000-seed run): what counts is that a version past the one held was written by another
    /// activation, not by the answering one's own unconfirmed commit (that case waits for its confirmation).
    private bool BehindTwin(SimActivation activation, DateTimeOffset sentAt) =>
        activation.Core.Committed is { } held && held.Version < Store.Event.Version
        && _writers.Any(w => w.Key > held.Version && w.Value != activation)
        && sentAt < held.EventDate - CheckIns.CheckInDesk.Opens;

    private readonly Dictionary<long, SimActivation> _writers = [];

    /// <summary>Notes which activation's commit wrote <paramref name="version"/> of the event.</summary>
    internal void Wrote(long version, SimActivation writer) => _writers[version] = writer;

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
