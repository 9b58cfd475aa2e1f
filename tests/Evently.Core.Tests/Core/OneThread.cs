using Evently.Core.Tests.Simulation;

namespace Evently.Core.Tests.Core;

/// <summary>Runs a test body the way a grain runs: every continuation on one thread, one at a time, in order.</summary>
internal static class OneThread
{
    public static void Run(Func<Task> body)
    {
        var previous = SynchronizationContext.Current;
        var loop = new SimLoop();
        SynchronizationContext.SetSynchronizationContext(loop);
        try
        {
            var task = body();
            var inOrder = new Random(0);
            while (!task.IsCompleted)
            {
                if (loop.Ready == 0)
                {
                    throw new InvalidOperationException("The body waits on something that can never complete.");
                }

                loop.RunOne(inOrder);
            }

            task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
