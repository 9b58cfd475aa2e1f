namespace Evently.Core.Batches;

/// <summary>What became of a batch, and so what its requests may be told.</summary>
public enum CommitFate
{
    /// <summary>Durable: its requests succeeded.</summary>
    Committed,
    /// <summary>Certainly not written: its requests had no effect.</summary>
    NotCommitted,
    /// <summary>The commit was sent but its acknowledgement was lost: it may or may not have happened.</summary>
    Unknown,
}
