using Evently.Core.Batches;
using Evently.Core.Ports;

namespace Evently.Core;

/// <summary>
/// The group-commit pipeline of one event: requests decided in memory enlist in the filling batch; one batch commits
/// at a time while the next fills; every request learns its batch's <see cref="CommitFate"/>. After the first failure
/// the pipeline stops for good: what memory decided on top of the failed batch can no longer be trusted, so the
/// activation must be reloaded from the store.
/// </summary>
internal sealed class GroupCommit(IEventStore store, TimeProvider time, long committedVersion)
{
    private bool _flushing;
    private EventBatch? _sent;

    /// <summary>Called as a batch leaves for the store: fill in the rows it will write.</summary>
    public required Action<EventBatch> Seal { get; init; }

    /// <summary>Awaited before a sealed batch is sent: what must hold before it may commit (its expiry reminder). A throw fails it uncommitted.</summary>
    public required Func<EventBatch, Task> BeforeCommit { get; init; }

    /// <summary>Called once a batch is durable, before its requests are answered.</summary>
    public required Action<EventBatch, TimeSpan> Committed { get; init; }

    /// <summary>Called once, when a batch fails.</summary>
    public required Action<EventBatch, CommitFate, Exception> Failed { get; init; }

    /// <summary>The batch requests enlist in now.</summary>
    public EventBatch Filling { get; private set; } = new();

    /// <summary>The store's version as of the last commit.</summary>
    public long Version { get; private set; } = committedVersion;

    /// <summary>Requests enlisted and not yet answered.</summary>
    public int Pending { get; private set; }

    /// <summary>True once a batch failed: nothing more will be committed by this pipeline.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Counters for the batch statistics.</summary>
    public long Batches { get; private set; }

    /// <summary>Requests committed in all batches.</summary>
    public long BatchedRequests { get; private set; }

    /// <summary>The largest batch so far.</summary>
    public int LargestBatch { get; private set; }

    /// <summary>Batches that failed (0 or 1: the pipeline stops at the first).</summary>
    public long FailedBatches { get; private set; }

    /// <summary>
    /// The fate of everything enlisted so far, without enlisting anything (so without a new version): the filling batch's
    /// when it holds requests, else the last batch sent's (batches commit in order, and none after a failure).
    /// </summary>
    public Task<CommitFate> Settled() =>
        Stopped ? Task.FromResult(CommitFate.NotCommitted)
        : Filling.Requests > 0 ? Filling.Fate.Task
        : _sent?.Fate.Task ?? Task.FromResult(CommitFate.Committed);

    /// <summary>Adds one request to the filling batch, makes sure a commit is under way, and returns the batch's fate.</summary>
    public Task<CommitFate> Enlist()
    {
        if (Stopped)
        {
            return Task.FromResult(CommitFate.NotCommitted);
        }

        var batch = Filling;
        batch.Requests++;
        Pending++;
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }

        return WaitAsync(batch);
    }

    private async Task<CommitFate> WaitAsync(EventBatch batch)
    {
        try
        {
            return await batch.Fate.Task;
        }
        finally
        {
            Pending--;
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            // Seal in a turn of its own: the caller that enlisted may still be deciding (and another decision may enlist
            // first), and a batch must never leave with half of a decision in it.
            await Task.Yield();
            while (Filling.Requests > 0 && !Stopped)
            {
                var batch = Filling;
                Filling = new EventBatch();
                _sent = batch;
                try
                {
                    Seal(batch);
                }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever the store threw
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Fail(batch, new EventStoreException(StoreFailure.NotCommitted, "The batch could not be sealed.", ex));
                    return;
                }

                var started = time.GetTimestamp();
                long version;
                try
                {
                    await BeforeCommit(batch);
                }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever the store threw
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Fail(batch, new EventStoreException(StoreFailure.NotCommitted, ex.Message, ex));
                    return;
                }

                try
                {
                    version = await store.CommitAsync(batch, Version);
                }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever the store threw
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Fail(batch, ex);
                    return;
                }

                Version = version;
                Batches++;
                BatchedRequests += batch.Requests;
                LargestBatch = Math.Max(LargestBatch, batch.Requests);
                try
                {
                    Committed(batch, time.GetElapsedTime(started));
                }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever the store threw
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    // The batch is durable and its requests hear so; memory may not have caught up, so stop here.
                    batch.Fate.SetResult(CommitFate.Committed);
                    Fail(new EventBatch(), ex);
                    return;
                }

                batch.Fate.SetResult(CommitFate.Committed);
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    private void Fail(EventBatch batch, Exception ex)
    {
        Stopped = true;
        FailedBatches++;
        var fate = ex is EventStoreException { Failure: StoreFailure.NotCommitted or StoreFailure.Conflict }
            ? CommitFate.NotCommitted
            : CommitFate.Unknown;
        var later = Filling;
        Filling = new EventBatch();
        Failed(batch, fate, ex);
        batch.Fate.SetResult(fate);

        // Decided on top of the failed batch and never sent.
        later.Fate.SetResult(CommitFate.NotCommitted);
    }
}
