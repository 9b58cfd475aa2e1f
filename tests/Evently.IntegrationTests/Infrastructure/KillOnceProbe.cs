using Evently.Domain.Sharding;
using Evently.Persistence.Sharding;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// Stops the rebalancer's mover once, on <see cref="Bucket"/>, between its copy and its flip, as a mover process killed
/// there would stop: the exception leaves the move unfinished (its source transaction rolls back when its connection
/// goes, the copy stays committed on the target, the directory still says the move is under way).
/// </summary>
public sealed class KillOnceProbe : IRebalanceProbe
{
    private int _killed;

    /// <summary>The bucket whose move is killed; none until set.</summary>
    public int? Bucket { get; set; }

    /// <summary>Completes with the move killed.</summary>
    public TaskCompletionSource<RebalanceStep> Killed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public Task CopiedAsync(RebalanceStep move, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        if (move.Bucket != Bucket || Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return Task.CompletedTask;
        }

        Killed.TrySetResult(move);
        throw new OperationCanceledException($"The mover was killed between the copy and the flip of bucket {move.Bucket}.");
    }
}
