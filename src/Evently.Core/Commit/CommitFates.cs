using Evently.Core.Batches;
using Evently.Core.Ports;

namespace Evently.Core.Commit;

/// <summary>How a failed write is told to the requests that waited for it.</summary>
public static class CommitFates
{
    /// <summary>
    /// Nothing written when the store says so (the transaction never committed, or another writer moved the version);
    /// after anything else the write may have landed, so its outcome is unknown.
    /// </summary>
    public static CommitFate Of(Exception exception) =>
        exception is EventStoreException { Failure: StoreFailure.NotCommitted or StoreFailure.Conflict } ? CommitFate.NotCommitted : CommitFate.Unknown;
}
