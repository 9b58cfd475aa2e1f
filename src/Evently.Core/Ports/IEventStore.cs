using Evently.Domain.Bookings;
using Evently.Domain.Holds;
using Evently.Core.Batches;

namespace Evently.Core.Ports;

/// <summary>Where an event's state lives. Implemented on PostgreSQL by the event storage, and by the simulation's store.</summary>
public interface IEventStore
{
    /// <summary>The event as committed, with its waitlist; null when there is no such event.</summary>
    Task<StoredEvent?> LoadAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new event at its first version.</summary>
    Task CreateAsync(EventRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the batch in one transaction if the stored version is still <paramref name="expectedVersion"/>, and returns the
    /// new version. Throws <see cref="EventStoreException"/> saying whether the batch may have been written.
    /// </summary>
    Task<long> CommitAsync(EventBatch batch, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>One booking, as some committed snapshot holds it (possibly stale by the time the caller resumes).</summary>
    Task<Booking?> FindBookingAsync(Guid bookingId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The booking of event <paramref name="eventId"/> with this reference, as some committed snapshot taken after the call
    /// began holds it (possibly stale by the time the caller resumes); null when the event has none.
    /// </summary>
    Task<Booking?> FindBookingByRefAsync(Guid eventId, string bookingRef, CancellationToken cancellationToken = default);

    /// <summary>
    /// The bookings of this event made with any of these (user, idempotency key) pairs, as a committed snapshot taken after
    /// the call began holds them: every batch committed before the call is in it.
    /// </summary>
    Task<IReadOnlyList<Booking>> FindKeyedBookingsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default);

    /// <summary>One checkout hold, as some committed snapshot holds it (possibly stale by the time the caller resumes).</summary>
    Task<Hold?> FindHoldAsync(Guid holdId, CancellationToken cancellationToken = default) => Task.FromResult<Hold?>(null);

    /// <summary>The holds of this event made with any of these (user, idempotency key) pairs, as <see cref="FindKeyedBookingsAsync"/>.</summary>
    Task<IReadOnlyList<Hold>> FindKeyedHoldsAsync(
        Guid eventId, IReadOnlyCollection<(Guid UserId, string Key)> keys, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Hold>>([]);
}
