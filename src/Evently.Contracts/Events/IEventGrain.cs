using Evently.Contracts.Bookings;

namespace Evently.Contracts.Events;

/// <summary>One event: its seats, price and status, decided on one thread and group-committed to its shard.</summary>
[Alias("Evently.IEventGrain")]
public interface IEventGrain : IGrainWithGuidKey
{
    /// <summary>Creates the event this grain stands for.</summary>
    [Alias("Create")]
    Task<EventResult> CreateAsync(CreateEvent command);

    /// <summary>The event with live seats and price, or null when there is none.</summary>
    [Alias("Get")]
    Task<EventSnapshot?> GetAsync();

    /// <summary>Changes the event's details or capacity, if <see cref="UpdateEvent.ExpectedVersion"/> still matches.</summary>
    [Alias("Update")]
    Task<EventResult> UpdateAsync(UpdateEvent command);

    /// <summary>Cancels the event and every confirmed booking. Idempotent.</summary>
    [Alias("Cancel")]
    Task<EventResult> CancelAsync();

    /// <summary>Sets the base price (and the current price, re-applying the demand step); recorded in the price history.</summary>
    [Alias("SetPrice")]
    Task<EventResult> SetPriceAsync(decimal basePrice, string reason, Guid adminId);

    /// <summary>Books seats; answered only once the booking is committed.</summary>
    [Alias("Book")]
    Task<BookingResult> BookAsync(BookingRequest request);

    /// <summary>Cancels a booking of this event and returns its seats. Idempotent.</summary>
    [Alias("CancelBooking")]
    Task<BookingResult> CancelBookingAsync(Guid bookingId, Guid callerId, bool callerIsAdmin);

    /// <summary>Group-commit statistics of this activation.</summary>
    [Alias("Stats")]
    Task<BatchStats> GetBatchStatsAsync();
}
