using Evently.Core.Batches;

namespace Evently.Core.Queues;

/// <summary>Where an event's waiting room lives: its entries on the event's shard, guarded by the room's version.</summary>
public interface IQueueStore
{
    /// <summary>The event's sale settings as stored, or null when there is no such event.</summary>
    Task<Domain.Sales.SaleSettings?> LoadSaleAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Every entry of the event's waiting room and the room's version (0 before its first write), from one snapshot.</summary>
    Task<StoredRoom> LoadAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the changed entries and their notifications in one transaction, if the room's version is still
    /// <paramref name="expectedVersion"/>, and returns the new version. Fails with an
    /// <see cref="Ports.EventStoreException"/> that says what is known: nothing written (another writer moved the version,
    /// or the transaction never committed) or the commit's answer lost.
    /// </summary>
    Task<long> SaveAsync(Guid eventId, long expectedVersion, IReadOnlyList<QueueEntry> entries, IReadOnlyList<OutboxMessage> notifications,
        CancellationToken cancellationToken = default);
}
