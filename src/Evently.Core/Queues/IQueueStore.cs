using Evently.Core.Batches;

namespace Evently.Core.Queues;

/// <summary>Where an event's waiting room lives: its entries on the event's shard.</summary>
public interface IQueueStore
{
    /// <summary>The event's sale settings as stored, or null when there is no such event.</summary>
    Task<Domain.Sales.SaleSettings?> LoadSaleAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Every entry of the event's waiting room.</summary>
    Task<IReadOnlyList<QueueEntry>> LoadAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Writes the changed entries and their notifications in one transaction.</summary>
    Task SaveAsync(Guid eventId, IReadOnlyList<QueueEntry> entries, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken = default);
}
