using Evently.Contracts.Bookings;
using Evently.Domain.Bookings;
using Evently.Domain.Events;
using Evently.Domain.Sharding;
using Evently.Domain.Waitlists;

namespace Evently.Grains.Events;

/// <summary>Booking and cancelling seats.</summary>
public sealed partial class EventGrain
{
    /// <inheritdoc />
    public Task<BookingResult> BookAsync(BookingRequest request)
    {
        if (_live is null)
        {
            return Task.FromResult(BookingResult.Of(BookingOutcome.EventNotFound));
        }

        if (_broken)
        {
            return Task.FromResult(BookingResult.Of(BookingOutcome.Unavailable));
        }

        if (request.IdempotencyKey is { } key && _idempotency.TryGetValue((request.UserId, key), out var earlier))
        {
            return earlier.Quantity == request.Quantity
                ? ReplayAsync(earlier.Result)
                : Task.FromResult(BookingResult.Of(BookingOutcome.KeyReused));
        }

        if (_pending >= _options.MaxPendingPerEvent)
        {
            metrics.RateLimited();
            return Task.FromResult(BookingResult.Of(BookingOutcome.RateLimited, _live.Seats.AvailableSeats));
        }

        var now = time.GetUtcNow();
        if (!BookingRules.IsBookable(_live.Status, _live.EventDate, now))
        {
            return Task.FromResult(BookingResult.Of(BookingOutcome.NotBookable, _live.Seats.AvailableSeats));
        }

        var bookingId = Buckets.MintId(Buckets.Of(_live.Id), now);
        var seats = _live.Seats;
        var claim = _waitlist.Find(request.UserId) is { Status: WaitlistStatus.Promoted }
            ? _waitlist.BookHeld(request.UserId, request.Quantity, bookingId, ref seats)
            : null;
        if (claim is null && !_live.Seats.TryTake(request.Quantity, out seats))
        {
            metrics.SoldOut();
            return Task.FromResult(BookingResult.Of(BookingOutcome.SoldOut, _live.Seats.AvailableSeats));
        }

        // Charged at the price in force when accepted; a demand step this booking triggers applies to the next one.
        var booking = new BookingView(
            bookingId, BookingRef.New(), _live.Id, request.UserId, request.Quantity,
            _live.Price, BookingRules.Total(_live.Price, request.Quantity), "confirmed", now, null, request.IdempotencyKey);
        ApplySeats(seats);
        if (claim is not null)
        {
            // Held seats the holder did not use go to the next in line.
            _filling.WaitlistChanges.Add(claim);
            PromoteWaiting();
            _ = ScheduleExpiryAsync();
        }

        var batch = _filling;
        batch.Bookings.Add(booking);
        var result = ConfirmAsync(batch, booking);
        if (request.IdempotencyKey is { } newKey)
        {
            _idempotency[(request.UserId, newKey)] = (request.Quantity, result);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<BookingResult> CancelBookingAsync(Guid bookingId, Guid callerId, bool callerIsAdmin)
    {
        if (_broken)
        {
            return BookingResult.Of(BookingOutcome.Unavailable);
        }

        if (_cancelling.TryGetValue(bookingId, out var inFlight))
        {
            return await inFlight;
        }

        var booking = await bookingReads.GetAsync(bookingId);
        if (booking is null || booking.EventId != this.GetPrimaryKey() || (!callerIsAdmin && booking.UserId != callerId))
        {
            return BookingResult.Of(BookingOutcome.BookingNotFound);
        }

        if (_cancelling.TryGetValue(bookingId, out inFlight))
        {
            return await inFlight;
        }

        if (booking.Status == "cancelled" || _live!.Status == EventStatus.Cancelled)
        {
            var cancelledAt = booking.CancelledAt ?? _live!.UpdatedAt;
            return new BookingResult(BookingOutcome.Cancelled, booking with { Status = "cancelled", CancelledAt = cancelledAt }, _live!.Seats.AvailableSeats);
        }

        ApplySeats(_live.Seats.Release(booking.Quantity));
        PromoteWaiting();
        _ = ScheduleExpiryAsync();
        var batch = _filling;
        batch.Cancellations.Add(bookingId);
        var task = FinishCancelAsync(batch, booking);
        _cancelling[bookingId] = task;
        return await task;
    }

    private static async Task<BookingResult> ReplayAsync(Task<BookingResult> original)
    {
        var result = await original;
        return result.Outcome == BookingOutcome.Confirmed ? result with { Outcome = BookingOutcome.Replayed } : result;
    }

    private async Task<BookingResult> ConfirmAsync(CommitBatch batch, BookingView booking)
    {
        if (await Enlist(batch))
        {
            return new BookingResult(BookingOutcome.Confirmed, booking, _live!.Seats.AvailableSeats);
        }

        if (booking.IdempotencyKey is { } key)
        {
            _idempotency.Remove((booking.UserId, key));
        }

        return BookingResult.Of(BookingOutcome.Unavailable);
    }

    private async Task<BookingResult> FinishCancelAsync(CommitBatch batch, BookingView booking)
    {
        try
        {
            return await Enlist(batch)
                ? new BookingResult(BookingOutcome.Cancelled, booking with { Status = "cancelled", CancelledAt = time.GetUtcNow() }, _live!.Seats.AvailableSeats)
                : BookingResult.Of(BookingOutcome.Unavailable);
        }
        finally
        {
            _cancelling.Remove(booking.Id);
        }
    }
}
