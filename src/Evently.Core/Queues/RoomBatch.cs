using Evently.Core.Batches;
using Evently.Core.Commit;

namespace Evently.Core.Queues;

/// <summary>One write of a waiting room: entries changed since the last write (at most the host's rows per write) and the <c>admitted</c> notifications of those admitted.</summary>
internal sealed class RoomBatch : CommitBatch
{
    /// <summary>The entries as they will be stored, in line order.</summary>
    public IReadOnlyList<QueueEntry> Entries { get; set; } = [];

    /// <summary>Outbox rows for the admissions among <see cref="Entries"/>.</summary>
    public IReadOnlyList<OutboxMessage> Notifications { get; set; } = [];
}
