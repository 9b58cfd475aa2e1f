using Evently.Persistence.Storage;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Contracts.Waitlists;
using Evently.Core.Answers;
using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;
using CoreBooking = Evently.Core.Answers.BookingOutcome;
using CoreEvent = Evently.Core.Answers.EventOutcome;
using CoreWaitlist = Evently.Core.Answers.WaitlistOutcome;

namespace Evently.Grains.Events;

/// <summary>The core's answers as wire records.</summary>
public sealed partial class EventGrain
{
    private BookingResult ToResult(BookingAnswer answer) =>
        new(Map(answer.Outcome), answer.Booking is { } booking ? ToView(booking, answer.Seats) : null, answer.AvailableSeats,
            answer.SalesStartAt, answer.Remaining, answer.Seats);

    private static EventResult ToResult(EventAnswer answer) =>
        new(Map(answer.Outcome), answer.Event is { } view ? ToSnapshot(view) : null);

    private WaitlistResult ToResult(WaitlistAnswer answer) =>
        new(Map(answer.Outcome), answer.Place is { } place ? ToView(place) : null, answer.Remaining, answer.SalesStartAt);

    /// <summary>
    /// The wire record of a booking with its seats: those the core's answer names with it, else (a booking answered again)
    /// those a confirmed booking holds in the seat map now. A cancelled booking's seats went back: it lists none.
    /// </summary>
    private BookingView ToView(Booking b, IReadOnlyList<string>? seats) => new(
        b.Id, b.BookingRef, b.EventId, b.UserId, b.Quantity, b.UnitPrice, b.TotalAmount, BookingStatusNames.Of(b.Status), b.CreatedAt,
        b.CancelledAt, seats ?? b.Seats ?? (b.Status == BookingStatus.Confirmed ? _core.SeatIdsOf(b.Id) : null));

    private static EventSnapshot ToSnapshot(EventView view)
    {
        var e = view.Event;
        return new EventSnapshot(e.Id, e.OrganizerId, e.Name, e.Description, e.Venue, e.EventDate, e.Seats.TotalCapacity,
            e.Seats.AvailableSeats, e.Seats.HeldSeats, e.Price, e.BasePrice, e.PricingPolicy, view.VisibleStatus,
            e.PromotionWindowMinutes, view.WaitlistLength, e.Version, e.CreatedAt, e.UpdatedAt, e.Sale.SalesStartAt, e.Sale.SalesEndAt,
            e.Sale.MaxTicketsPerUser, SaleTermsMapping.ToTerms(e.Sale.WaitingRoom), e.HoldMinutes);
    }

    private WaitlistEntryView ToView(WaitlistPlace place)
    {
        var entry = place.Entry;
        return new WaitlistEntryView(entry.Id, _core.Id, entry.UserId, place.Position, entry.Quantity, entry.PriorityScore, entry.Status,
            entry.JoinedAt, entry.Status == WaitlistStatus.Promoted && entry.Promotion is { } p ? new PromotionView(p.Id, p.ExpiresAt, p.Quantity) : null);
    }

    private static Contracts.Bookings.BookingOutcome Map(CoreBooking outcome) => outcome switch
    {
        CoreBooking.Confirmed => Contracts.Bookings.BookingOutcome.Confirmed,
        CoreBooking.Replayed => Contracts.Bookings.BookingOutcome.Replayed,
        CoreBooking.Cancelled => Contracts.Bookings.BookingOutcome.Cancelled,
        CoreBooking.SoldOut => Contracts.Bookings.BookingOutcome.SoldOut,
        CoreBooking.NotBookable => Contracts.Bookings.BookingOutcome.NotBookable,
        CoreBooking.EventNotFound => Contracts.Bookings.BookingOutcome.EventNotFound,
        CoreBooking.BookingNotFound => Contracts.Bookings.BookingOutcome.BookingNotFound,
        CoreBooking.KeyReused => Contracts.Bookings.BookingOutcome.KeyReused,
        CoreBooking.RateLimited => Contracts.Bookings.BookingOutcome.RateLimited,
        CoreBooking.Unavailable => Contracts.Bookings.BookingOutcome.Unavailable,
        CoreBooking.SalesNotOpen => Contracts.Bookings.BookingOutcome.SalesNotOpen,
        CoreBooking.SalesClosed => Contracts.Bookings.BookingOutcome.SalesClosed,
        CoreBooking.TicketLimitReached => Contracts.Bookings.BookingOutcome.TicketLimitReached,
        CoreBooking.AdmissionRequired => Contracts.Bookings.BookingOutcome.AdmissionRequired,
        CoreBooking.SeatsTaken => Contracts.Bookings.BookingOutcome.SeatsTaken,
        CoreBooking.InvalidSeats => Contracts.Bookings.BookingOutcome.InvalidSeats,
        CoreBooking.UnstorableText => Contracts.Bookings.BookingOutcome.UnstorableText,
        _ => Contracts.Bookings.BookingOutcome.OutcomeUnknown,
    };

    private static Contracts.Events.EventOutcome Map(CoreEvent outcome) => outcome switch
    {
        CoreEvent.Ok => Contracts.Events.EventOutcome.Ok,
        CoreEvent.NotFound => Contracts.Events.EventOutcome.NotFound,
        CoreEvent.AlreadyExists => Contracts.Events.EventOutcome.AlreadyExists,
        CoreEvent.VersionMismatch => Contracts.Events.EventOutcome.VersionMismatch,
        CoreEvent.CapacityBelowBooked => Contracts.Events.EventOutcome.CapacityBelowBooked,
        CoreEvent.NotModifiable => Contracts.Events.EventOutcome.NotModifiable,
        CoreEvent.Unavailable => Contracts.Events.EventOutcome.Unavailable,
        CoreEvent.InvalidSaleWindow => Contracts.Events.EventOutcome.InvalidSaleWindow,
        CoreEvent.SeatsInUse => Contracts.Events.EventOutcome.SeatsInUse,
        CoreEvent.CapacityFixedByPlan => Contracts.Events.EventOutcome.CapacityFixedByPlan,
        CoreEvent.UnstorableText => Contracts.Events.EventOutcome.UnstorableText,
        _ => Contracts.Events.EventOutcome.OutcomeUnknown,
    };

    private static Contracts.Waitlists.WaitlistOutcome Map(CoreWaitlist outcome) => outcome switch
    {
        CoreWaitlist.Ok => Contracts.Waitlists.WaitlistOutcome.Ok,
        CoreWaitlist.EventNotFound => Contracts.Waitlists.WaitlistOutcome.EventNotFound,
        CoreWaitlist.NotBookable => Contracts.Waitlists.WaitlistOutcome.NotBookable,
        CoreWaitlist.SeatsAvailable => Contracts.Waitlists.WaitlistOutcome.SeatsAvailable,
        CoreWaitlist.AlreadyWaitlisted => Contracts.Waitlists.WaitlistOutcome.AlreadyWaitlisted,
        CoreWaitlist.NotOnWaitlist => Contracts.Waitlists.WaitlistOutcome.NotOnWaitlist,
        CoreWaitlist.Unavailable => Contracts.Waitlists.WaitlistOutcome.Unavailable,
        CoreWaitlist.TicketLimitReached => Contracts.Waitlists.WaitlistOutcome.TicketLimitReached,
        CoreWaitlist.SalesNotOpen => Contracts.Waitlists.WaitlistOutcome.SalesNotOpen,
        CoreWaitlist.SalesClosed => Contracts.Waitlists.WaitlistOutcome.SalesClosed,
        CoreWaitlist.AdmissionRequired => Contracts.Waitlists.WaitlistOutcome.AdmissionRequired,
        CoreWaitlist.UnstorableText => Contracts.Waitlists.WaitlistOutcome.UnstorableText,
        _ => Contracts.Waitlists.WaitlistOutcome.OutcomeUnknown,
    };
}
