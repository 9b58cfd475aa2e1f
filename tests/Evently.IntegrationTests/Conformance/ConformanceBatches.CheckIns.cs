using Evently.Core;
using Evently.Core.Batches;
using Evently.Domain.Bookings;

namespace Evently.IntegrationTests.Conformance;

/// <summary>
/// Check-in batches: a confirmed booking checked in, or a faulty one: a booking checked in already, a cancelled one, one
/// checked in twice in the batch, or a checked-in booking cancelled.
/// </summary>
internal sealed partial class ConformanceBatches
{
    private EventRecord CheckIn(EventBatch batch, EventRecord row, BatchStep step, DateTimeOffset now)
    {
        var open = sim.Bookings.Where(b => b is { Status: BookingStatus.Confirmed, CheckedInAt: null }).ToList();
        var checkedIn = sim.Bookings.Where(b => b.CheckedInAt is not null && b.Status == BookingStatus.Confirmed).ToList();
        var cancelled = sim.Bookings.Where(b => b.Status == BookingStatus.Cancelled).ToList();
        switch (step.Fault)
        {
            case 1 when checkedIn.Count > 0:
                batch.CheckIns.Add(new CheckInWrite(checkedIn[step.N % checkedIn.Count].Id, now));
                return row;
            case 2 when cancelled.Count > 0:
                batch.CheckIns.Add(new CheckInWrite(cancelled[step.N % cancelled.Count].Id, now));
                return row;
            case 4 when checkedIn.Count > 0:
                // No refund after entry: the cancellation finds no row it may change.
                var entered = checkedIn[step.N % checkedIn.Count];
                batch.Cancellations.Add(entered.CancelledOn(now));
                return row with { Seats = row.Seats with { AvailableSeats = row.Seats.AvailableSeats + entered.Quantity } };
        }

        var booking = open.Count > 0 ? open[step.N % open.Count].Id : NewId(BookingIds);
        batch.CheckIns.Add(new CheckInWrite(booking, now));
        if (step.Fault == 3)
        {
            batch.CheckIns.Add(new CheckInWrite(booking, now));
        }

        return row;
    }
}
