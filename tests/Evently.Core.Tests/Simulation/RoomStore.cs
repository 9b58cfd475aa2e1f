using Evently.Core.Batches;
using Evently.Core.Ports;
using Evently.Core.Queues;
using Evently.Domain.Sales;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// A waiting room's store in memory, shared by every activation over it: the sale, the entries, the room's version
/// and the outbox. A write may be told to fail before its commit (nothing written) or after it (written, answer lost).
/// </summary>
internal sealed class RoomStore(SaleSettings sale) : IQueueStore
{
    private readonly Dictionary<Guid, QueueEntry> _entries = [];

    public SaleSettings Sale { get; set; } = sale;

    public IReadOnlyDictionary<Guid, QueueEntry> Entries => _entries;

    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Every entry as written, in the order written (admissions included).</summary>
    public List<QueueEntry> Writes { get; } = [];

    /// <summary>What the next write does.</summary>
    public StoreFault NextWrite { get; set; }

    public Task<SaleSettings?> LoadSaleAsync(Guid eventId, CancellationToken cancellationToken = default) => Task.FromResult<SaleSettings?>(Sale);

    /// <summary>The room's version: every write checks it and moves it on.</summary>
    public long Version { get; private set; }

    public Task<StoredRoom> LoadAsync(Guid eventId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new StoredRoom(_entries.Values.ToList(), Version));

    public Task<long> SaveAsync(Guid eventId, long expectedVersion, IReadOnlyList<QueueEntry> entries, IReadOnlyList<OutboxMessage> notifications,
        CancellationToken cancellationToken = default)
    {
        var fault = NextWrite;
        NextWrite = StoreFault.None;
        if (fault == StoreFault.BeforeCommit)
        {
            return Task.FromException<long>(new EventStoreException(StoreFailure.NotCommitted, "The write failed before its commit."));
        }

        if (expectedVersion != Version)
        {
            return Task.FromException<long>(new EventStoreException(StoreFailure.Conflict, $"The room is at version {Version}, not {expectedVersion}."));
        }

        Version++;
        foreach (var entry in entries)
        {
            _entries[entry.UserId] = entry;
            Writes.Add(entry);
        }

        Outbox.AddRange(notifications);
        return fault == StoreFault.AfterCommit
            ? Task.FromException<long>(new EventStoreException(StoreFailure.Unknown, "The commit's answer was lost."))
            : Task.FromResult(Version);
    }
}
