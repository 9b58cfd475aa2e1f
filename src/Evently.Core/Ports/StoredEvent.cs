using Evently.Domain.Holds;
using Evently.Domain.Waitlists;

namespace Evently.Core.Ports;

/// <summary>
/// An event as its store holds it: the fields, every waitlist entry (with its active promotion) and its active checkout holds. Idempotency keys are
/// not loaded: the core looks a key up when it meets one it does not remember.
/// </summary>
public sealed record StoredEvent(EventRecord Event, IReadOnlyList<WaitlistEntry> Waitlist, IReadOnlyList<Hold>? Holds = null);
