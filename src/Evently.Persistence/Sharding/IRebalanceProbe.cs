using Evently.Domain.Sharding;

namespace Evently.Persistence.Sharding;

/// <summary>
/// Called by the rebalancer between a move's copy and its flip. The default does nothing; the tests use it to stop a
/// mover where dying leaves the most behind (a committed copy on the target, the map not flipped).
/// </summary>
public interface IRebalanceProbe
{
    /// <summary>The rows of <paramref name="move"/>'s bucket are copied to its target; the map still points at the source.</summary>
    Task CopiedAsync(RebalanceStep move, CancellationToken cancellationToken);
}
