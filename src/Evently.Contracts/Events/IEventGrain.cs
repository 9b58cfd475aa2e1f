using Evently.Contracts.Bookings;
using Evently.Contracts.Holds;
using Evently.Contracts.Waitlists;

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

    /// <summary>Checks in the confirmed booking of this event with this reference, once; answered once durable.</summary>
    [Alias("CheckIn")]
    Task<CheckInResult> CheckInAsync(string bookingRef);

    /// <summary>Holds seats for checkout under the booking rules; answered once the hold is committed.</summary>
    [Alias("Hold")]
    Task<HoldResult> HoldAsync(HoldRequest request);

    /// <summary>One hold of this event as committed, for its owner or an admin.</summary>
    [Alias("GetHold")]
    Task<HoldResult> GetHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin);

    /// <summary>Turns the owner's hold into a booking at the held price; a repeat gets the same booking.</summary>
    [Alias("ConfirmHold")]
    Task<HoldResult> ConfirmHoldAsync(Guid holdId, Guid userId);

    /// <summary>Gives a hold's seats back, waitlist first. Idempotent.</summary>
    [Alias("ReleaseHold")]
    Task<HoldResult> ReleaseHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin);

    /// <summary>Puts the user on the waitlist when the event cannot serve <paramref name="quantity"/>.</summary>
    [Alias("JoinWaitlist")]
    Task<WaitlistResult> JoinWaitlistAsync(Guid userId, int quantity, string? webhookUrl);

    /// <summary>The user's waitlist entry with its live position and promotion.</summary>
    [Alias("GetWaitlistEntry")]
    Task<WaitlistResult> GetWaitlistEntryAsync(Guid userId);

    /// <summary>Takes the user off the waitlist; held seats pass to the next in line.</summary>
    [Alias("LeaveWaitlist")]
    Task<WaitlistResult> LeaveWaitlistAsync(Guid userId);

    /// <summary>One page of the entries in line, in promotion order (admin view); null when there is no event.</summary>
    [Alias("GetWaitlistPage")]
    Task<WaitlistPageView?> GetWaitlistAsync(int page, int pageSize);

    /// <summary>The user's account was disabled: their entry stands out of line and a held promotion is released. Idempotent.</summary>
    [Alias("SuspendUser")]
    Task<WaitlistResult> SuspendUserAsync(Guid userId);

    /// <summary>The user's account was enabled again: their entry is back in line in its place. Idempotent.</summary>
    [Alias("ResumeUser")]
    Task<WaitlistResult> ResumeUserAsync(Guid userId);

    /// <summary>Expires promotions that are due now (what the reminder and timer do); returns how many expired.</summary>
    [Alias("ExpireDuePromotions")]
    Task<int> ExpireDuePromotionsAsync();

    /// <summary>Waiting-room admissions: these users may book until their admission ends.</summary>
    [Alias("Admit")]
    Task AdmitAsync(IReadOnlyList<Queues.Admission> admissions);

    /// <summary>Sets the event's seating plan (validated by the caller) while no seat is sold or held.</summary>
    [Alias("SetSeatingPlan")]
    Task<EventResult> SetSeatingPlanAsync(Seating.SeatingPlanTerms plan);

    /// <summary>The event's seating plan, from memory.</summary>
    [Alias("GetSeatingPlan")]
    Task<Seating.SeatingResult> GetSeatingPlanAsync();

    /// <summary>The availability of every seat (or one section's), one compact string per row, from memory.</summary>
    [Alias("GetSeats")]
    Task<Seating.SeatingResult> GetSeatsAsync(string? section);

    /// <summary>Group-commit statistics of this activation.</summary>
    [Alias("Stats")]
    Task<BatchStats> GetBatchStatsAsync();

    /// <summary>
    /// The activation's live state for admins, shown by the Orleans Dashboard's Grain Details (it calls methods named
    /// <c>GetState</c>); not reachable through the HTTP API.
    /// </summary>
    [Alias("GetState")]
    Task<EventGrainState> GetState();
}
