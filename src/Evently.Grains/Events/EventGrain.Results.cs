using Evently.Persistence.Storage;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Contracts.Waitlists;
using Evently.Core.Answers;
using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;
using Evently.Domain.Events;

namespace Evently.Grains.Events;

/// <summary>The core's answers as wire records.</summary>
public sealed partial class EventGrain
{
    private BookingResult ToResult(BookingAnswer answer) =>
        new(answer.Outcome, answer.Booking is { } booking ? ToView(booking, answer.Seats) : null, answer.AvailableSeats,
            answer.SalesStartAt, answer.Remaining, answer.Seats, answer.LongestRun);

    private static CheckInResult ToResult(CheckInAnswer answer) => answer.Booking is { } booking
        ? new(answer.Outcome, booking.BookingRef, booking.Quantity, answer.Seats, answer.CheckedInAt)
        : new(answer.Outcome);

    private static EventResult ToResult(EventAnswer answer) =>
        new(answer.Outcome, answer.Event is { } view ? ToSnapshot(view) : null);

    private WaitlistResult ToResult(WaitlistAnswer answer) =>
        new(answer.Outcome, answer.Place is { } place ? ToView(place) : null, answer.Remaining, answer.SalesStartAt);

    /// <summary>
    /// The wire record of a booking with its seats: those the core's answer names with it, else (a booking answered again)
    /// those a confirmed booking holds in the seat map now. A cancelled booking's seats went back: it lists none.
    /// </summary>
    private BookingView ToView(Booking b, IReadOnlyList<string>? seats) => new(
        b.Id, b.BookingRef, b.EventId, b.UserId, b.Quantity, b.UnitPrice, b.TotalAmount, BookingStatusNames.Of(b.Status), b.CreatedAt,
        b.CancelledAt, seats ?? b.Seats ?? (b.Status == BookingStatus.Confirmed ? _core.SeatIdsOf(b.Id) : null), b.CheckedInAt);

    private static EventSnapshot ToSnapshot(EventView view)
    {
        var e = view.Event;
        return new EventSnapshot(e.Id, e.OrganizerId, e.Name, e.Description, e.Venue, e.EventDate, e.Seats.TotalCapacity,
            e.Seats.AvailableSeats, e.Seats.HeldSeats, e.Price, e.BasePrice, e.PricingPolicy, view.VisibleStatus,
            e.PromotionWindowMinutes, view.WaitlistLength, e.EditVersion, e.CreatedAt, e.UpdatedAt, e.Sale.SalesStartAt, e.Sale.SalesEndAt,
            e.Sale.MaxTicketsPerUser, SaleTermsMapping.ToTerms(e.Sale.WaitingRoom), e.HoldMinutes);
    }

    private WaitlistEntryView ToView(WaitlistPlace place)
    {
        var entry = place.Entry;
        return new WaitlistEntryView(entry.Id, _core.Id, entry.UserId, place.Position, entry.Quantity, entry.PriorityScore, entry.Status,
            entry.JoinedAt, entry.Status == WaitlistStatus.Promoted && entry.Promotion is { } p ? new PromotionView(p.Id, p.ExpiresAt, p.Quantity) : null);
    }
}
