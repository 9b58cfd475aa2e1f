using Evently.Core.Batches;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// Check-ins as PostgreSQL applies them: the statement sets <c>checked_in_at</c> on a confirmed row that has none (after
/// the batch's cancellations ran), and a cancellation no longer matches a checked-in row; a miss fails the batch.
/// </summary>
internal sealed partial class SimStore
{
    private readonly Dictionary<Guid, int> _checkIns = [];

    /// <summary>The booking of the event with this reference as of some version in [<paramref name="from"/>, now].</summary>
    public Booking? BookingByRefAsOf(Guid eventId, string bookingRef, long from, Random random) =>
        Bookings.FirstOrDefault(b => b.EventId == eventId && b.BookingRef == bookingRef) is { } booking
            ? BookingAsOf(booking.Id, from, random)
            : null;

    /// <summary>Why the batch's check-ins (or its cancellations of checked-in rows) find no row to change; null when they all do.</summary>
    private string? CheckInRefusal(EventBatch batch, HashSet<Guid> confirmedAfterCancellations)
    {
        if (batch.Cancellations.Any(c => Booking(c.Id)?.CheckedInAt is not null))
        {
            return "a cancellation found its booking checked in";
        }

        var seen = new HashSet<Guid>();
        return batch.CheckIns.Any(c => !seen.Add(c.BookingId) || !confirmedAfterCancellations.Contains(c.BookingId) || Booking(c.BookingId)?.CheckedInAt is not null)
            ? "a check-in found no confirmed booking that was not checked in"
            : null;
    }

    private void ApplyCheckIns(EventBatch batch, long version)
    {
        foreach (var checkIn in batch.CheckIns)
        {
            _bookings[checkIn.BookingId].Add((version, Booking(checkIn.BookingId)! with { CheckedInAt = checkIn.At }));
            _checkIns[checkIn.BookingId] = _checkIns.GetValueOrDefault(checkIn.BookingId) + 1;
            if (_checkIns[checkIn.BookingId] > 1)
            {
                violation($"booking {checkIn.BookingId} checked in twice");
            }
        }
    }

    /// <summary>A checked-in booking stays confirmed: only cancelling the whole event refunds it.</summary>
    private void CheckCheckIns()
    {
        foreach (var booking in Bookings.Where(b => b.CheckedInAt is not null))
        {
            if (booking.Status != BookingStatus.Confirmed && !EventCancelledBookings.Contains(booking.Id))
            {
                violation($"booking {booking.Id} was checked in and then cancelled on its own");
            }

            if (booking.CheckedInAt < booking.CreatedAt)
            {
                violation($"booking {booking.Id} checked in before it was made");
            }
        }
    }
}
