using Evently.Core.Batches;

namespace Evently.Core.Commit;

/// <summary>
/// What a <see cref="CommitShell{TBatch}"/> writes as one transaction: the rows a grain's decisions enlisted since the
/// previous batch left, and the tickets of the requests that wait for it (the number of them and the one fate they all
/// learn). Each grain that commits derives its own batch type with its rows.
/// </summary>
public abstract class CommitBatch
{
    /// <summary>Requests enlisted in this batch: each is answered by the batch's fate.</summary>
    internal int Requests { get; set; }

    /// <summary>What became of the batch, once known.</summary>
    internal TaskCompletionSource<CommitFate> Fate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
