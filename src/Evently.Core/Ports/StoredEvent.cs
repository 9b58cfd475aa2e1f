using Evently.Core.Seating;
using Evently.Domain.Seating;
using Evently.Domain.Holds;
using Evently.Domain.Waitlists;

namespace Evently.Core.Ports;

/// <summary>
/// An event as its store holds it: the fields, every waitlist entry (with its active promotion) and its active checkout
/// holds. Idempotency keys are not loaded: the core looks a key up when it meets one it does not remember.
/// <see cref="SeatsByUser"/> is each user's confirmed quantity, from the same snapshot (the per-user limit counts it).
/// A seated event has its <see cref="Seating"/> plan and every seat that is not available in <see cref="SeatOwners"/>.
/// </summary>
public sealed record StoredEvent(
    EventRecord Event, IReadOnlyList<WaitlistEntry> Waitlist, IReadOnlyDictionary<Guid, int>? SeatsByUser = null, IReadOnlyList<Hold>? Holds = null,
    SeatingPlan? Seating = null, IReadOnlyList<SeatOwner>? SeatOwners = null);
