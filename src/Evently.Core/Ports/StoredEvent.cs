using Evently.Domain.Waitlists;

namespace Evently.Core.Ports;

/// <summary>
/// An event as its store holds it: the fields and every waitlist entry (with its active promotion). Idempotency keys are
/// not loaded: the core looks a key up when it meets one it does not remember.
/// </summary>
public sealed record StoredEvent(EventRecord Event, IReadOnlyList<WaitlistEntry> Waitlist);
