namespace Evently.Core.Ports;

/// <summary>A commit that did not succeed, with what is known about whether it was written.</summary>
public sealed class EventStoreException(StoreFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What is known about the batch.</summary>
    public StoreFailure Failure { get; } = failure;
}

/// <summary>Why a commit failed.</summary>
public enum StoreFailure
{
    /// <summary>Nothing was written (the transaction never committed).</summary>
    NotCommitted,
    /// <summary>Nothing was written: another writer moved the version, or the rows differ from what the core decided.</summary>
    Conflict,
    /// <summary>The commit was sent and its answer lost: it may have been written.</summary>
    Unknown,
}
