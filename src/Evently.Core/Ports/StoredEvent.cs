using Evently.Domain.Bookings;
using Evently.Domain.Waitlists;

namespace Evently.Core.Ports;

/// <summary>An event as its store holds it: the fields, every waitlist entry (with its active promotion), and the bookings made with an idempotency key.</summary>
public sealed record StoredEvent(EventRecord Event, IReadOnlyList<WaitlistEntry> Waitlist, IReadOnlyList<Booking> KeyedBookings);
