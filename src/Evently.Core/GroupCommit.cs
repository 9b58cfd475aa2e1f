using Evently.Core.Batches;
using Evently.Core.Commit;
using Evently.Core.Ports;

namespace Evently.Core;

/// <summary>
/// The group-commit pipeline of one event: the <see cref="CommitShell{TBatch}"/> specialised for <see cref="EventBatch"/>
/// and the event store. Requests decided in memory enlist in the filling batch; one batch commits at a time while the
/// next fills; every request learns its batch's <see cref="CommitFate"/>. After the first failure the pipeline stops for
/// good: what memory decided on top of the failed batch can no longer be trusted, so the activation must be reloaded.
/// </summary>
internal sealed class GroupCommit
{
    private readonly CommitShell<EventBatch> _shell;

    public GroupCommit(IEventStore store, TimeProvider time, long committedVersion) =>
        _shell = new CommitShell<EventBatch>(() => new EventBatch(), (batch, expected) => store.CommitAsync(batch, expected), time, committedVersion)
        {
            // The hooks are read when called: they are set by this type's initializer, after the shell is built.
            Seal = OnSeal,
            BeforeCommit = OnBeforeCommit,
            Committed = OnCommitted,
            Failed = OnFailed,
        };

    /// <summary>Called as a batch leaves for the store: fill in the rows it will write.</summary>
    public required Action<EventBatch> Seal { get; init; }

    /// <summary>Awaited before a sealed batch is sent: what must hold before it may commit (its expiry reminder). A throw fails it uncommitted.</summary>
    public required Func<EventBatch, Task> BeforeCommit { get; init; }

    /// <summary>Called once a batch is durable, before its requests are answered.</summary>
    public required Action<EventBatch, TimeSpan> Committed { get; init; }

    /// <summary>Called once, when a batch fails.</summary>
    public required Action<EventBatch, CommitFate, Exception> Failed { get; init; }

    /// <summary>The batch requests enlist in now.</summary>
    public EventBatch Filling => _shell.Filling;

    /// <summary>The store's version as of the last commit.</summary>
    public long Version => _shell.Version;

    /// <summary>Requests enlisted and not yet answered.</summary>
    public int Pending => _shell.Pending;

    /// <summary>True once a batch failed: nothing more will be committed by this pipeline.</summary>
    public bool Stopped => _shell.Stopped;

    /// <summary>Counters for the batch statistics.</summary>
    public long Batches => _shell.Batches;

    /// <summary>Requests committed in all batches.</summary>
    public long BatchedRequests => _shell.BatchedRequests;

    /// <summary>The largest batch so far.</summary>
    public int LargestBatch => _shell.LargestBatch;

    /// <summary>Batches that failed (0 or 1: the pipeline stops at the first).</summary>
    public long FailedBatches => _shell.FailedBatches;

    /// <summary>The fate of everything enlisted so far, without enlisting anything (see <see cref="CommitShell{TBatch}.Settled"/>).</summary>
    public Task<CommitFate> Settled() => _shell.Settled();

    /// <summary>Adds one request to the filling batch, makes sure a commit is under way, and returns the batch's fate.</summary>
    public Task<CommitFate> Enlist() => _shell.Enlist();

    private void OnSeal(EventBatch batch) => Seal(batch);

    private Task OnBeforeCommit(EventBatch batch) => BeforeCommit(batch);

    private void OnCommitted(EventBatch batch, TimeSpan elapsed) => Committed(batch, elapsed);

    private void OnFailed(EventBatch batch, CommitFate fate, Exception exception) => Failed(batch, fate, exception);
}
