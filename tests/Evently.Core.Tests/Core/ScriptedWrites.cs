using Evently.Core.Batches;
using Evently.Core.Commit;

namespace Evently.Core.Tests.Core;

/// <summary>The write port of a <see cref="CommitShell{TBatch}"/> under the test's control: every write waits until the test completes it.</summary>
internal sealed class ScriptedWrites
{
    public List<(NamedBatch Batch, long Expected, TaskCompletionSource<long> Done)> Calls { get; } = [];

    public CommitShell<NamedBatch> Shell(long version,
        Action<NamedBatch>? seal = null, Func<NamedBatch, Task>? beforeCommit = null,
        Action<NamedBatch, TimeSpan>? committed = null, Action<NamedBatch, CommitFate, Exception>? failed = null) =>
        new(() => new NamedBatch(), WriteAsync, TimeProvider.System, version)
        {
            Seal = seal ?? (_ => { }),
            BeforeCommit = beforeCommit ?? (_ => Task.CompletedTask),
            Committed = committed ?? ((_, _) => { }),
            Failed = failed ?? ((_, _, _) => { }),
        };

    /// <summary>Enlists one request named <paramref name="name"/>, as a grain would: its row first, then its ticket.</summary>
    public static Task<CommitFate> Enlist(CommitShell<NamedBatch> shell, string name)
    {
        shell.Filling.Names.Add(name);
        return shell.Enlist();
    }

    /// <summary>Lets every other ready piece of work run until <paramref name="condition"/> holds (the loop runs one at a time).</summary>
    public static async Task Until(Func<bool> condition)
    {
        for (var turn = 0; !condition(); turn++)
        {
            if (turn == 1_000)
            {
                throw new InvalidOperationException("The condition never held.");
            }

            await Task.Yield();
        }
    }

    /// <summary>Gives the shell many turns in which it could do anything it was going to do.</summary>
    public static async Task Turns()
    {
        for (var turn = 0; turn < 100; turn++)
        {
            await Task.Yield();
        }
    }

    private Task<long> WriteAsync(NamedBatch batch, long expected)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Calls.Add((batch, expected, done));
        return done.Task;
    }
}
