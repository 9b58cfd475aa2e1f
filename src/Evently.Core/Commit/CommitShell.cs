using Evently.Core.Batches;
using Evently.Core.Ports;

namespace Evently.Core.Commit;

/// <summary>
/// The group commit of one grain that writes (the event, the waiting room): requests decided in memory enlist in the
/// filling batch and get a ticket (their batch's <see cref="CommitFate"/>); one batch commits at a time while the next
/// fills; each write names the version it expects, so of two writers over one store the stale one fails. After the
/// first failure the shell stops for good: what memory decided on top of the failed batch can no longer be trusted, so
/// the grain must be reloaded from its store. What a batch holds and how it is written is the grain's; the order, the
/// tickets and the honest classification of a failure (nothing written, or outcome unknown) are the shell's.
/// </summary>
/// <typeparam name="TBatch">The grain's batch: its rows.</typeparam>
public sealed class CommitShell<TBatch>
    where TBatch : CommitBatch
{
    private readonly Func<TBatch> _newBatch;
    private readonly Func<TBatch, long, Task<long>> _write;
    private readonly TimeProvider _time;
    private bool _flushing;
    private TBatch? _sent;

    /// <summary>
    /// A shell over <paramref name="write"/>, which writes a batch as one transaction if the store's version is still
    /// the one given and returns the new version, or throws an <see cref="EventStoreException"/> that says what is known
    /// (any other exception counts as an unknown outcome).
    /// </summary>
    public CommitShell(Func<TBatch> newBatch, Func<TBatch, long, Task<long>> write, TimeProvider time, long committedVersion)
    {
        _newBatch = newBatch;
        _write = write;
        _time = time;
        Version = committedVersion;
        Filling = newBatch();
    }

    /// <summary>Called as a batch leaves for the store: fill in the rows it will write. A throw fails it uncommitted.</summary>
    public Action<TBatch> Seal { get; init; } = _ => { };

    /// <summary>Awaited before a sealed batch is written: what must hold before it may commit (durable time). A throw fails it uncommitted.</summary>
    public Func<TBatch, Task> BeforeCommit { get; init; } = _ => Task.CompletedTask;

    /// <summary>Called once a batch is durable (<see cref="Version"/> already moved on), before its requests are answered.</summary>
    public Action<TBatch, TimeSpan> Committed { get; init; } = (_, _) => { };

    /// <summary>Called once, when a batch fails, with what its requests will be told.</summary>
    public Action<TBatch, CommitFate, Exception> Failed { get; init; } = (_, _, _) => { };

    /// <summary>The batch requests enlist in now.</summary>
    public TBatch Filling { get; private set; }

    /// <summary>The store's version as of the last commit.</summary>
    public long Version { get; private set; }

    /// <summary>Requests enlisted and not yet answered.</summary>
    public int Pending { get; private set; }

    /// <summary>True once a batch failed: nothing more will be committed by this shell.</summary>
    public bool Stopped { get; private set; }

    /// <summary>True when no request waits and no batch is being written.</summary>
    public bool Idle => Pending == 0 && !_flushing;

    /// <summary>Batches committed.</summary>
    public long Batches { get; private set; }

    /// <summary>Requests committed in all batches.</summary>
    public long BatchedRequests { get; private set; }

    /// <summary>The largest batch so far.</summary>
    public int LargestBatch { get; private set; }

    /// <summary>Batches that failed (0 or 1: the shell stops at the first).</summary>
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

    private async Task<CommitFate> WaitAsync(TBatch batch)
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
                Filling = _newBatch();
                _sent = batch;
                if (!await CommitOneAsync(batch))
                {
                    return;
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>Seals, prepares, writes and settles one batch; false when the shell stopped.</summary>
    private async Task<bool> CommitOneAsync(TBatch batch)
    {
        try
        {
            Seal(batch);
        }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever sealing threw
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(batch, new EventStoreException(StoreFailure.NotCommitted, "The batch could not be sealed.", ex));
            return false;
        }

        var started = _time.GetTimestamp();
        try
        {
            await BeforeCommit(batch);
        }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever the preparation threw
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(batch, new EventStoreException(StoreFailure.NotCommitted, ex.Message, ex));
            return false;
        }

        long version;
        try
        {
            version = await _write(batch, Version);
        }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever the store threw
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(batch, ex);
            return false;
        }

        Version = version;
        Batches++;
        BatchedRequests += batch.Requests;
        LargestBatch = Math.Max(LargestBatch, batch.Requests);
        try
        {
            Committed(batch, _time.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // every request in the batch must hear an answer, whatever the grain threw
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The batch is durable and its requests hear so; memory may not have caught up, so stop here.
            batch.Fate.SetResult(CommitFate.Committed);
            Fail(_newBatch(), ex);
            return false;
        }

        batch.Fate.SetResult(CommitFate.Committed);
        return true;
    }

    private void Fail(TBatch batch, Exception ex)
    {
        Stopped = true;
        FailedBatches++;
        var fate = CommitFates.Of(ex);
        var later = Filling;
        Filling = _newBatch();
        try
        {
            Failed(batch, fate, ex);
        }
        finally
        {
            batch.Fate.SetResult(fate);

            // Decided on top of the failed batch and never sent.
            later.Fate.SetResult(CommitFate.NotCommitted);
        }
    }
}
