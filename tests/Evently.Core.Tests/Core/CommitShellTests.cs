using Evently.Core.Batches;
using Evently.Core.Ports;
using static Evently.Core.Tests.Core.ScriptedWrites;

namespace Evently.Core.Tests.Core;

/// <summary>The commit shell alone: the order of batches, every request's ticket, the stop at the first failure, and what a failure may be told.</summary>
public sealed class CommitShellTests
{
    [Fact]
    public void One_batch_is_written_at_a_time_while_the_next_fills_and_each_expects_the_version_the_last_returned() => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var shell = writes.Shell(version: 7);

        var a = Enlist(shell, "a");
        await Until(() => writes.Calls.Count == 1);
        var b = Enlist(shell, "b");
        var c = Enlist(shell, "c");
        await Turns();

        // b and c fill the next batch; nothing else is written while a's is in flight, and nobody is answered yet.
        Assert.Single(writes.Calls);
        Assert.Equal(["a"], writes.Calls[0].Batch.Names);
        Assert.Equal(7, writes.Calls[0].Expected);
        Assert.Equal(["b", "c"], shell.Filling.Names);
        Assert.False(a.IsCompleted);
        Assert.Equal(3, shell.Pending);

        writes.Calls[0].Done.SetResult(8);
        Assert.Equal(CommitFate.Committed, await a);
        await Until(() => writes.Calls.Count == 2);
        Assert.Equal(["b", "c"], writes.Calls[1].Batch.Names);
        Assert.Equal(8, writes.Calls[1].Expected);
        await Turns();
        Assert.False(b.IsCompleted);

        writes.Calls[1].Done.SetResult(9);
        Assert.Equal(CommitFate.Committed, await b);
        Assert.Equal(CommitFate.Committed, await c);
        await Until(() => shell.Idle);
        Assert.Equal((9, 2, 3, 2), (shell.Version, shell.Batches, shell.BatchedRequests, shell.LargestBatch));
        Assert.Equal(2, writes.Calls.Count);
    });

    [Fact]
    public void A_batch_leaves_in_a_turn_of_its_own_so_a_decision_that_enlists_first_and_writes_after_goes_whole() => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var sealedWith = new List<string>();
        var shell = writes.Shell(version: 0, seal: batch => sealedWith.AddRange(batch.Names));

        var fate = Enlist(shell, "first row");
        shell.Filling.Names.Add("second row of the same decision");
        await Until(() => writes.Calls.Count == 1);

        Assert.Equal(["first row", "second row of the same decision"], sealedWith);
        writes.Calls[0].Done.SetResult(1);
        Assert.Equal(CommitFate.Committed, await fate);
    });

    [Theory]
    [InlineData(StoreFailure.NotCommitted, CommitFate.NotCommitted)]
    [InlineData(StoreFailure.Conflict, CommitFate.NotCommitted)]
    [InlineData(StoreFailure.Unknown, CommitFate.Unknown)]
    public void Each_request_hears_its_own_batch_and_the_shell_stops_at_the_first_failure(StoreFailure failure, CommitFate told) => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var failures = new List<(List<string> Names, CommitFate Fate)>();
        var shell = writes.Shell(version: 0, failed: (batch, fate, _) => failures.Add((batch.Names, fate)));

        var a = Enlist(shell, "a");
        await Until(() => writes.Calls.Count == 1);
        writes.Calls[0].Done.SetResult(1);
        Assert.Equal(CommitFate.Committed, await a);

        var b = Enlist(shell, "b");
        var c = Enlist(shell, "c");
        await Until(() => writes.Calls.Count == 2);

        // Decided on top of b and c while they are in flight: never written if they fail.
        var d = Enlist(shell, "d");
        writes.Calls[1].Done.SetException(new EventStoreException(failure, "scripted"));

        Assert.Equal(told, await b);
        Assert.Equal(told, await c);
        Assert.Equal(CommitFate.NotCommitted, await d);
        Assert.True(shell.Stopped);
        var (names, fate) = Assert.Single(failures);
        Assert.Equal(["b", "c"], names);
        Assert.Equal(told, fate);
        Assert.Equal((1, 1, 1), (shell.Version, shell.Batches, shell.FailedBatches));

        // Nothing more is written: a request now hears at once that it was not.
        var e = Enlist(shell, "e");
        Assert.True(e.IsCompleted);
        Assert.Equal(CommitFate.NotCommitted, await e);
        Assert.Equal(CommitFate.NotCommitted, await shell.Settled());
        await Turns();
        Assert.Equal(2, writes.Calls.Count);
        Assert.True(shell.Idle);
    });

    [Fact]
    public void Any_exception_other_than_the_store_saying_nothing_was_written_is_an_unknown_outcome() => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var shell = writes.Shell(version: 0);

        var a = Enlist(shell, "a");
        await Until(() => writes.Calls.Count == 1);
        writes.Calls[0].Done.SetException(new IOException("connection reset during COMMIT"));

        Assert.Equal(CommitFate.Unknown, await a);
        Assert.Equal(CommitFate.Unknown, Commit.CommitFates.Of(new TimeoutException()));
        Assert.Equal(CommitFate.NotCommitted, Commit.CommitFates.Of(new EventStoreException(StoreFailure.Conflict, "moved on")));
    });

    [Fact]
    public void A_batch_whose_preparation_or_sealing_fails_is_not_written_and_its_requests_hear_nothing_happened() => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var prepared = writes.Shell(version: 0, beforeCommit: _ => Task.FromException(new InvalidOperationException("no durable timer")));
        var sealedBadly = writes.Shell(version: 0, seal: _ => throw new InvalidOperationException("a row the store would refuse"));

        Assert.Equal(CommitFate.NotCommitted, await Enlist(prepared, "a"));
        Assert.Equal(CommitFate.NotCommitted, await Enlist(sealedBadly, "b"));
        Assert.Empty(writes.Calls);
        Assert.True(prepared.Stopped);
        Assert.True(sealedBadly.Stopped);
    });

    [Fact]
    public void A_batch_waits_for_its_preparation_and_is_answered_only_after_the_grain_has_taken_its_commit_in() => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<CommitFate>? a = null;
        (long Version, bool Answered)? seen = null;
        Commit.CommitShell<NamedBatch>? shell = null;
        shell = writes.Shell(version: 4, beforeCommit: _ => ready.Task, committed: (_, _) => seen = (shell!.Version, a!.IsCompleted));

        a = Enlist(shell, "a");
        await Turns();
        Assert.Empty(writes.Calls);

        ready.SetResult();
        await Until(() => writes.Calls.Count == 1);
        writes.Calls[0].Done.SetResult(5);
        Assert.Equal(CommitFate.Committed, await a);
        // The grain saw the new version before anyone was answered.
        Assert.Equal((5L, false), seen);
    });

    [Fact]
    public void Settled_is_the_fate_of_everything_enlisted_so_far_without_enlisting() => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var shell = writes.Shell(version: 0);
        Assert.Equal(CommitFate.Committed, await shell.Settled());

        var a = Enlist(shell, "a");
        await Until(() => writes.Calls.Count == 1);
        var settled = shell.Settled();
        await Turns();
        Assert.False(settled.IsCompleted);
        Assert.Single(writes.Calls);

        writes.Calls[0].Done.SetException(new EventStoreException(StoreFailure.Unknown, "answer lost"));
        Assert.Equal(CommitFate.Unknown, await settled);
        Assert.Equal(CommitFate.Unknown, await a);
    });

    [Fact]
    public void A_grain_that_fails_to_take_a_durable_batch_in_tells_its_requests_committed_and_stops() => OneThread.Run(async () =>
    {
        var writes = new ScriptedWrites();
        var shell = writes.Shell(version: 0, committed: (_, _) => throw new InvalidOperationException("memory could not follow"));

        var a = Enlist(shell, "a");
        await Until(() => writes.Calls.Count == 1);
        var b = Enlist(shell, "b");
        writes.Calls[0].Done.SetResult(1);

        Assert.Equal(CommitFate.Committed, await a);
        Assert.Equal(CommitFate.NotCommitted, await b);
        Assert.True(shell.Stopped);
        Assert.Single(writes.Calls);
    });
}
